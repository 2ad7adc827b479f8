"""The round pages: list, plan, one round, its people, closing early, the free texts,
and a service's own questions. The URLs are declared in `blueprint.py`."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from backoffice.agreements.models import Service
from backoffice.extensions import db
from backoffice.form_submission import form_status, submitted
from backoffice.i18n import gettext as _
from backoffice.models import utcnow
from backoffice.surveys.closing import close_round
from backoffice.surveys.followups import FollowUp, follow_up
from backoffice.surveys.forms import QuestionsForm, RespondentForm, RoundForm
from backoffice.surveys.models import SurveyText
from backoffice.surveys.questions import questions_of, save_questions
from backoffice.surveys.round_pages import round_or_404, round_page, service_choices, visible_rounds
from backoffice.surveys.rounds import (
    add_respondent,
    may_manage,
    may_plan,
    plan_round,
    remove_respondent,
    select_text,
)


def _to_round(round_id: int, anchor: str | None = None):  # noqa: ANN202
    return redirect(url_for("surveys.detail", round_id=round_id, _anchor=anchor))


@login_required
def index():  # noqa: ANN201
    if not may_plan(current_user):
        abort(403)
    return render_template("surveys/index.html", rounds=visible_rounds(current_user))


@login_required
def plan(round_id: int | None = None):  # noqa: ANN201
    """Plan a round, or change one that has not opened yet."""
    survey_round = round_or_404(round_id, current_user) if round_id else None
    if not may_plan(current_user):
        abort(403)
    form = RoundForm.for_round(survey_round, service_choices(current_user))
    if saved := submitted(form, lambda: plan_round(form.to_data(), current_user, survey_round)):
        flash(_("The round is planned."), "success")
        return _to_round(saved.id)
    page = render_template("surveys/plan.html", form=form, survey_round=survey_round)
    return page, form_status(form)


@login_required
def detail(round_id: int):  # noqa: ANN201
    page = round_page(round_or_404(round_id, current_user))
    return render_template("surveys/detail.html", page=page, form=RespondentForm(formdata=None),
                           confirm=FlaskForm(), FollowUp=FollowUp)  # fmt: skip


@login_required
def add_person(round_id: int):  # noqa: ANN201
    survey_round = round_or_404(round_id, current_user)
    form = RespondentForm()
    if added := submitted(
        form, lambda: add_respondent(survey_round, form.email.data, current_user)
    ):
        flash(_("%(name)s is asked too.", name=added.name), "success")
        return _to_round(round_id, "people")
    page = round_page(survey_round)
    html = render_template(
        "surveys/detail.html", page=page, form=form, confirm=FlaskForm(), FollowUp=FollowUp
    )
    return html, form_status(form)


@login_required
def remove_person(round_id: int, invitation_id: int):  # noqa: ANN201
    survey_round = round_or_404(round_id, current_user)
    if name := submitted(
        FlaskForm(), lambda: remove_respondent(survey_round, invitation_id, current_user)
    ):
        flash(_("%(name)s is no longer asked.", name=name), "success")
    return _to_round(round_id, "people")


@login_required
def close_now(round_id: int):  # noqa: ANN201
    round_or_404(round_id, current_user)
    if FlaskForm().validate_on_submit() and close_round(round_id, utcnow()):
        flash(_("The round is closed; its results are below."), "success")
    return _to_round(round_id, "results")


@login_required
def text_action(text_id: int):  # noqa: ANN201
    text = db.get_or_404(SurveyText, text_id)
    form, action = FlaskForm(), request.form.get("action", "")
    if action in ("select", "unselect"):
        submitted(form, lambda: select_text(text, action == "select", current_user))
    elif action in set(FollowUp):
        submitted(form, lambda: follow_up(text, FollowUp(action), current_user, utcnow()))
    return _to_round(text.round_id, f"text-{text.id}")


@login_required
def questions(service_id: int):  # noqa: ANN201
    service = db.get_or_404(Service, service_id)
    if not may_manage(current_user, [service]):
        abort(403)
    form = QuestionsForm(data={"questions": [q.texts for q in questions_of(service)]})
    if submitted(form, lambda: save_questions(service, form.to_data(), current_user)) is not None:
        flash(_("The questions are saved."), "success")
        return redirect(url_for("surveys.questions", service_id=service.id))
    return render_template("surveys/questions.html", form=form, service=service), form_status(form)
