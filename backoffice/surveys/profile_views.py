"""The service profiles: every signed-in person reads them; a function's lead (or a
coordinator) writes its own words. The URLs are declared in `blueprint.py`."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from backoffice.agreements.achievement import current_quarter
from backoffice.extensions import db
from backoffice.form_submission import form_status, submitted
from backoffice.i18n import gettext as _
from backoffice.meetings.document_views import download
from backoffice.org.models import Function
from backoffice.quarters import Quarter
from backoffice.surveys.forms import ProfileForm
from backoffice.surveys.profile_documents import profile_pdf, profile_stem, profile_xlsx
from backoffice.surveys.profiles import (
    may_edit_profile,
    profile_form_data,
    profile_page,
    save_profile,
)
from backoffice.surveys.rounds import may_plan


def _page(function_id: int):  # noqa: ANN202
    function = db.get_or_404(Function, function_id)
    return profile_page(function, Quarter.parse_or(request.args.get("quarter"), current_quarter()))


@login_required
def index():  # noqa: ANN201
    functions = db.session.scalars(
        select(Function).where(Function.is_active.is_(True)).order_by(Function.name)
    )
    return render_template(
        "surveys/profiles.html", functions=list(functions), may_plan_rounds=may_plan(current_user)
    )


@login_required
def profile(function_id: int):  # noqa: ANN201
    page = _page(function_id)
    return render_template(
        "surveys/profile.html", page=page, may_edit=may_edit_profile(current_user, page.function)
    )


@login_required
def profile_download(function_id: int, file_format: str):  # noqa: ANN201
    page = _page(function_id)
    if file_format == "xlsx":
        return profile_xlsx(page)
    return download(profile_pdf(page), "application/pdf", f"{profile_stem(page)}.pdf")


@login_required
def edit_profile(function_id: int):  # noqa: ANN201
    function = db.get_or_404(Function, function_id)
    if not may_edit_profile(current_user, function):
        abort(403)
    form = ProfileForm(data=profile_form_data(function))
    form.set_functions(
        [(f.id, f.name) for f in db.session.scalars(select(Function).order_by(Function.name))]
    )
    if submitted(
        form, lambda: save_profile(function, form.to_data(), form.version.data, current_user)
    ):
        flash(_("The profile is saved."), "success")
        return redirect(url_for("surveys.profile", function_id=function.id))
    return render_template("surveys/profile_form.html", form=form, function=function), form_status(
        form
    )
