"""The assessment pages: the teams, one assessment (rating, results, needs), the overview."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from backoffice.assessments.commands import add_need, close_need, start_assessment
from backoffice.assessments.pages import (
    detail_page,
    function_or_404,
    index_page,
    need_form,
    overview_page,
    rate,
    rating_form,
)
from backoffice.assessments.queries import assessment_or_404, need_or_404
from backoffice.auth.models import Role
from backoffice.auth.permissions import role_required
from backoffice.form_submission import form_status, submitted
from backoffice.i18n import gettext as _
from backoffice.security import safe_next_url


@login_required
def index():  # noqa: ANN201
    return render_template("assessments/index.html", **index_page())


@login_required
def start(function_id: int):  # noqa: ANN201
    assessment = start_assessment(function_or_404(function_id), current_user)
    return redirect(url_for("assessments.detail", assessment_id=assessment.id))


@login_required
def detail(assessment_id: int):  # noqa: ANN201
    assessment = assessment_or_404(assessment_id, current_user)
    form = rating_form(assessment)
    if form is not None and submitted(form, lambda: rate(assessment, form)):
        completed = not assessment.is_draft
        flash(_("The assessment was completed.") if completed else _("Saved."), "success")
        return redirect(url_for("assessments.detail", assessment_id=assessment.id))
    page = detail_page(assessment, form, need_form(assessment, posted=False))
    return render_template("assessments/detail.html", **page), form_status(form) if form else 200


@login_required
def new_need(assessment_id: int):  # noqa: ANN201
    assessment = assessment_or_404(assessment_id, current_user)
    form = need_form(assessment)
    if form is not None and submitted(
        form, lambda: add_need(assessment, form.to_data(), current_user)
    ):
        flash(_("The development need is on the owner's My work."), "success")
        return redirect(url_for("assessments.detail", assessment_id=assessment.id, _anchor="needs"))
    page = detail_page(assessment, rating_form(assessment, posted=False), form)
    return render_template("assessments/detail.html", **page), form_status(form) if form else 400


@login_required
def need_done(need_id: int):  # noqa: ANN201
    need = need_or_404(need_id)
    if close_need(need, current_user):
        flash(_("The development need is done."), "success")
    target = safe_next_url(request.form.get("next"))
    return redirect(target or url_for("assessments.detail", assessment_id=need.assessment_id))


@role_required(Role.COORDINATOR)
def overview():  # noqa: ANN201
    return render_template("assessments/overview.html", **overview_page())
