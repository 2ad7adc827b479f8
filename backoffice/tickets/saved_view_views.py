"""Saved views of the ticket list: save, open, rename, pin, publish, delete, and their page."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import Length

from backoffice.extensions import db
from backoffice.form_submission import form_status, submitted
from backoffice.i18n import gettext as _
from backoffice.i18n import lazy_gettext as _l
from backoffice.tickets.saved_view_queries import views_menu, visible_view_or_404
from backoffice.tickets.saved_views import (
    NAME_MAX,
    QUERY_MAX,
    SavedView,
    delete_view,
    pin_view,
    publish_view,
    rename_view,
    save_view,
)


class SaveViewForm(FlaskForm):
    # The name is checked by the service (empty, too long, taken), so its message is one.
    name = StringField(_l("Name of the view"), validators=[Length(max=NAME_MAX)])
    query = HiddenField(validators=[Length(max=QUERY_MAX)])


class RenameViewForm(FlaskForm):
    name = StringField(_l("New name"), validators=[Length(max=NAME_MAX)])


class SwitchForm(FlaskForm):
    """Pin or publish: "1" turns it on, anything else off."""

    on = HiddenField()


def _page(status: int = 200, **forms: FlaskForm):  # noqa: ANN202
    menu = views_menu(current_user)
    forms.setdefault("form", SaveViewForm(formdata=None))
    return render_template("tickets/saved_views.html", menu=menu, **forms), status


@login_required
def index():  # noqa: ANN201
    return _page()


@login_required
def create():  # noqa: ANN201
    form = SaveViewForm()
    save = lambda: save_view(current_user, form.name.data or "", form.query.data or "")  # noqa: E731
    if view := submitted(form, save):
        flash(_("View “%(name)s” saved.", name=view.name), "success")
        return redirect(url_for("tickets.ticket_list", **view.list_args()))
    return _page(form_status(form), form=form)


@login_required
def open_view(view_id: int):  # noqa: ANN201
    view = visible_view_or_404(view_id, current_user)
    return redirect(url_for("tickets.ticket_list", **view.list_args()))


@login_required
def rename(view_id: int):  # noqa: ANN201
    view, form = db.get_or_404(SavedView, view_id), RenameViewForm()
    if submitted(form, lambda: rename_view(view, current_user, form.name.data or "")):
        flash(_("View renamed to “%(name)s”.", name=view.name), "success")
        return redirect(url_for("tickets.saved_views"))
    return _page(form_status(form), rename_form=form, renaming=view_id)


@login_required
def pin(view_id: int):  # noqa: ANN201
    view, form = db.get_or_404(SavedView, view_id), SwitchForm()
    submitted(form, lambda: pin_view(view, current_user, form.on.data == "1"))
    return redirect(url_for("tickets.saved_views"))


@login_required
def publish(view_id: int):  # noqa: ANN201
    view, form = db.get_or_404(SavedView, view_id), SwitchForm()
    submitted(form, lambda: publish_view(view, current_user, form.on.data == "1"))
    return redirect(url_for("tickets.saved_views"))


@login_required
def delete(view_id: int):  # noqa: ANN201
    view, form = db.get_or_404(SavedView, view_id), SwitchForm()
    if name := submitted(form, lambda: delete_view(view, current_user)):
        flash(_("View “%(name)s” deleted.", name=name), "success")
    return redirect(url_for("tickets.saved_views"))
