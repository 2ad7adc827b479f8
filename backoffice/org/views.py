"""Admin screens for functions and handoffs (coordinators and admins)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from backoffice.auth.models import Role
from backoffice.auth.permissions import role_required
from backoffice.extensions import db
from backoffice.form_submission import form_status, submitted
from backoffice.i18n import gettext as _
from backoffice.org.forms import FunctionForm, HandoffForm
from backoffice.org.models import Function, Handoff
from backoffice.org.service import (
    function_choices,
    list_functions,
    list_handoffs,
    owner_choices,
    save_function,
    save_handoff,
)


@role_required(Role.COORDINATOR)
def index():  # noqa: ANN201
    return render_template("org/admin_index.html")


@role_required(Role.COORDINATOR)
def functions():  # noqa: ANN201
    return render_template("org/functions.html", functions=list_functions())


@role_required(Role.COORDINATOR)
def edit_function(function_id: int | None = None):  # noqa: ANN201
    function = db.get_or_404(Function, function_id) if function_id else None
    form = FunctionForm(owner_choices(), obj=function)
    if saved := submitted(form, lambda: save_function(function, form.to_data(), current_user)):
        flash(_("Function %(name)s saved.", name=saved.name), "success")
        return redirect(url_for("org.functions"))
    page = render_template("org/function_form.html", form=form, function=function)
    return page, form_status(form)


@role_required(Role.COORDINATOR)
def handoffs():  # noqa: ANN201
    return render_template("org/handoffs.html", handoffs=list_handoffs())


@role_required(Role.COORDINATOR)
def edit_handoff(handoff_id: int | None = None):  # noqa: ANN201
    handoff = db.get_or_404(Handoff, handoff_id) if handoff_id else None
    form = HandoffForm(function_choices(active_only=False), owner_choices(), obj=handoff)
    if saved := submitted(form, lambda: save_handoff(handoff, form.to_data(), current_user)):
        flash(_("Handoff %(name)s saved.", name=saved.name), "success")
        return redirect(url_for("org.handoffs"))
    page = render_template("org/handoff_form.html", form=form, handoff=handoff)
    return page, form_status(form)
