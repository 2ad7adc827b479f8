"""Admin screens for functions and handoffs (coordinators and admins)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.auth.models import Role
from backoffice.auth.permissions import role_required
from backoffice.extensions import db
from backoffice.org.forms import FunctionForm, HandoffForm
from backoffice.org.models import Function, Handoff
from backoffice.org.service import (
    DuplicateName,
    FunctionData,
    HandoffData,
    SameFunction,
    function_choices,
    list_functions,
    list_handoffs,
    owner_choices,
    save_function,
    save_handoff,
)

org_bp = Blueprint("org", __name__, url_prefix="/admin")


@org_bp.route("/")
@role_required(Role.COORDINATOR)
def index():  # noqa: ANN201
    return render_template("org/admin_index.html")


@org_bp.route("/functions/")
@role_required(Role.COORDINATOR)
def functions():  # noqa: ANN201
    return render_template("org/functions.html", functions=list_functions())


@org_bp.route("/functions/new", methods=["GET", "POST"])
@org_bp.route("/functions/<int:function_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit_function(function_id: int | None = None):  # noqa: ANN201
    function = db.get_or_404(Function, function_id) if function_id else None
    form = FunctionForm(owner_choices(), obj=function)
    if function and not form.is_submitted():
        form.lead_id.data = function.lead_id or 0
    if form.validate_on_submit():
        data = FunctionData(
            name=form.name.data,
            description=form.description.data or "",
            lead_id=form.lead_id.data or None,
            is_active=form.is_active.data,
        )
        try:
            save_function(function, data, current_user)
        except DuplicateName:
            form.name.errors.append(_("A function with this name exists already."))
        else:
            flash(_("Function %(name)s saved.", name=data.name), "success")
            return redirect(url_for("org.functions"))
    return render_template("org/function_form.html", form=form, function=function)


@org_bp.route("/handoffs/")
@role_required(Role.COORDINATOR)
def handoffs():  # noqa: ANN201
    return render_template("org/handoffs.html", handoffs=list_handoffs())


@org_bp.route("/handoffs/new", methods=["GET", "POST"])
@org_bp.route("/handoffs/<int:handoff_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit_handoff(handoff_id: int | None = None):  # noqa: ANN201
    handoff = db.get_or_404(Handoff, handoff_id) if handoff_id else None
    form = HandoffForm(function_choices(active_only=False), owner_choices(), obj=handoff)
    if handoff and not form.is_submitted():
        form.default_owner_id.data = handoff.default_owner_id or 0
    if form.validate_on_submit():
        data = HandoffData(
            name=form.name.data,
            from_function_id=form.from_function_id.data,
            to_function_id=form.to_function_id.data,
            default_owner_id=form.default_owner_id.data or None,
            description=form.description.data or "",
            is_active=form.is_active.data,
        )
        try:
            save_handoff(handoff, data, current_user)
        except SameFunction:
            form.to_function_id.errors.append(_("A handoff goes from one function to another."))
        except DuplicateName:
            form.name.errors.append(_("This handoff exists already."))
        else:
            flash(_("Handoff %(name)s saved.", name=data.name), "success")
            return redirect(url_for("org.handoffs"))
    return render_template("org/handoff_form.html", form=form, handoff=handoff)
