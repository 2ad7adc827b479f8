"""What each assessment page shows, gathered here so the views stay a few lines long."""

from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_login import current_user

from backoffice.assessments.catalogue import toolbox
from backoffice.assessments.commands import complete_assessment, save_ratings, team_people
from backoffice.assessments.evidence import evidence_for
from backoffice.assessments.forms import NeedForm, RatingForm
from backoffice.assessments.models import Assessment, Level
from backoffice.assessments.queries import needs_of, previous_completed, radar_axes, team_overview
from backoffice.assessments.radar import radar
from backoffice.assessments.rights import (
    can_close_need,
    can_edit,
    can_plan_needs,
    in_team,
    is_lead,
)
from backoffice.errors import NotAllowed
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.org.models import Function


def weak_criteria(assessment: Assessment) -> list:
    """The criteria rated "not yet" or "started", in catalogue order."""
    weak = {
        r.criterion_id for r in assessment.ratings if r.level is not None and Level(r.level).is_weak
    }
    return [c for f in assessment.catalogue.fields for c in f.criteria if c.id in weak]


def rating_form(assessment: Assessment, posted: bool = True) -> RatingForm | None:
    """The rating form for the team while it is a draft; ratings posted by anyone else are
    refused. `posted` False: the form filled from the stored ratings (another form was sent)."""
    if can_edit(current_user, assessment):
        return RatingForm.for_assessment(assessment, posted)
    if posted and request.method == "POST":
        raise NotAllowed
    return None


def rate(assessment: Assessment, form: RatingForm) -> Assessment:
    """Save the ratings, or save and complete when the lead pressed "Complete"."""
    command = complete_assessment if form.action.data == "complete" else save_ratings
    return command(assessment, form.to_data(assessment), form.expected_version(), current_user)


def need_form(assessment: Assessment, posted: bool = True) -> NeedForm | None:
    """The form that turns a weak criterion into a need, for the team; a need posted by
    anyone else is refused. `posted` False: the page is answering another form."""
    if not can_plan_needs(current_user, assessment):
        if posted and request.method == "POST":
            raise NotAllowed
        return None
    weak = weak_criteria(assessment)
    if not weak:
        return None
    return NeedForm(weak, team_people(assessment.function), toolbox(), prefix="need")


def detail_page(assessment: Assessment, form: RatingForm | None,
                needs: NeedForm | None) -> dict[str, Any]:  # fmt: skip
    """The assessment with its radar (the previous one behind), ratings, evidence and needs."""
    previous = previous_completed(assessment)
    axes = radar_axes(assessment, previous)
    ratings = {r.criterion_id: r for r in assessment.ratings}
    keys = [c.key for f in assessment.catalogue.fields for c in f.criteria]
    until = assessment.completed_dt or utcnow()
    planned = needs_of(assessment)
    return {
        "assessment": assessment,
        "previous": previous,
        "axes": axes,
        "chart": radar(axes),
        "ratings": ratings,
        "levels": list(Level),
        "evidence": evidence_for(keys, assessment.function, until),
        "needs": planned,
        "may_close": {n.id for n in planned if n.is_open and can_close_need(current_user, n)},
        "form": form,
        "need_form": needs,
        "is_lead": is_lead(current_user, assessment.function),
    }


def index_page() -> dict[str, Any]:
    """Every team with its latest completed assessment and its draft; what the reader may do."""
    rows = team_overview()
    return {
        "rows": rows,
        "may_start": {row.function.id for row in rows if is_lead(current_user, row.function)},
        "may_open_draft": {row.function.id for row in rows
                           if current_user.is_coordinator or in_team(current_user, row.function)},
    }  # fmt: skip


def overview_page() -> dict[str, Any]:
    """Teams × fields as a heat grid; the fields are the current catalogue's."""
    from backoffice.assessments.catalogue import ensure_catalogue

    return {"rows": team_overview(), "fields": ensure_catalogue().fields}


def function_or_404(function_id: int) -> Function:
    function = db.session.get(Function, function_id)
    if function is None or not function.is_active:
        abort(404)
    return function
