"""Administration: the criteria catalogue (texts in three languages) and the toolbox."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from backoffice.assessments.catalogue import (
    add_criterion,
    edit_criterion,
    edit_field_title,
    ensure_catalogue,
    is_frozen,
    remove_criterion,
    save_method,
    toolbox,
)
from backoffice.assessments.forms import (
    CatalogueForm,
    CriterionForm,
    FieldTitleForm,
    MethodForm,
    VersionForm,
)
from backoffice.assessments.models import CatalogueVersion, ToolboxMethod
from backoffice.auth.models import Role
from backoffice.auth.permissions import role_required
from backoffice.extensions import db
from backoffice.form_submission import form_status, submitted
from backoffice.i18n import gettext as _


def _catalogue_part(kind: str, key: str):  # noqa: ANN202
    """The field or criterion `key` of the current catalogue, and the form to edit it.

    (In the URL `part` and `part_key`: other pages use `kind` and `key` already.)"""
    catalogue = ensure_catalogue()
    fields = {f.key: f for f in catalogue.fields}
    criteria = {c.key: c for f in catalogue.fields for c in f.criteria}
    part = (fields if kind == "field" else criteria).get(key)
    if part is None:
        abort(404)
    form = (FieldTitleForm if kind == "field" else CriterionForm)(obj=part)
    if not form.is_submitted():
        form.version.data = catalogue.number
    return catalogue, part, form


@role_required(Role.ADMIN)
def catalogue():  # noqa: ANN201
    current = ensure_catalogue()
    return render_template("assessments/catalogue.html", catalogue=current,
                           frozen=is_frozen(current), methods=toolbox(active_only=False))  # fmt: skip


@role_required(Role.ADMIN)
def edit_part(part: str, part_key: str):  # noqa: ANN201
    """A field's name or a criterion's texts (`part` is "field" or "criterion")."""
    current, item, form = _catalogue_part(part, part_key)
    command = edit_field_title if part == "field" else edit_criterion
    save = lambda: command(part_key, form.to_data(), form.version.data, current_user)  # noqa: E731
    if number := submitted(form, save):
        flash(_("Saved as version %(number)s of the catalogue.", number=number), "success")
        return redirect(url_for("assessments.catalogue"))
    title = item.text("title") if part == "field" else item.text("statement")
    return _edit_page(current, title, form)


@role_required(Role.ADMIN)
def new_criterion(field_key: str):  # noqa: ANN201
    current, field, _form = _catalogue_part("field", field_key)
    form = CriterionForm(version=current.number)
    save = lambda: add_criterion(field_key, form.to_data(), form.version.data, current_user)  # noqa: E731
    if number := submitted(form, save):
        flash(_("Saved as version %(number)s of the catalogue.", number=number), "success")
        return redirect(url_for("assessments.catalogue"))
    title = _("New criterion in “%(field)s”", field=field.text("title"))
    return _edit_page(current, title, form)


@role_required(Role.ADMIN)
def remove_part(part_key: str):  # noqa: ANN201
    form = VersionForm()
    if number := submitted(
        form, lambda: remove_criterion(part_key, form.version.data, current_user)
    ):
        flash(_("Saved as version %(number)s of the catalogue.", number=number), "success")
    return redirect(url_for("assessments.catalogue"))


def _edit_page(current: CatalogueVersion, title: str, form: CatalogueForm):  # noqa: ANN202
    page = {"catalogue": current, "title": title, "form": form, "frozen": is_frozen(current)}
    return render_template("assessments/catalogue_edit.html", **page), form_status(form)


@role_required(Role.ADMIN)
def edit_method(method_id: int | None = None):  # noqa: ANN201
    method = db.get_or_404(ToolboxMethod, method_id) if method_id else None
    form = MethodForm(obj=method)
    if method is not None and not form.is_submitted():
        form.version.data = str(method.version)
    if submitted(
        form, lambda: save_method(method, form.to_data(), form.expected_version(), current_user)
    ):
        flash(_("The method was saved."), "success")
        return redirect(url_for("assessments.catalogue", _anchor="toolbox"))
    return render_template("assessments/method_edit.html", method=method, form=form), form_status(
        form
    )
