"""The assessments' parts of pages they do not own (see `backoffice.extension_points`):

- My work: the reader's open development needs, and the drafts of the reader's team;
- the quarterly agenda: assessments completed since the last review with their radar
  (field means, the previous assessment's behind), and every open development need.

The agenda's part is plain data, because a published agenda stores it as JSON.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from backoffice.assessments.models import Assessment, AssessmentStatus
from backoffice.assessments.queries import completed_between, field_scores, open_needs, team_drafts
from backoffice.auth.models import User
from backoffice.extension_points import AgendaPeriod, agenda_sections, my_work_panels
from backoffice.extensions import db
from backoffice.i18n import org_language


def my_work_part(user: User) -> dict[str, Any] | None:
    needs, drafts = open_needs(owner=user), team_drafts(user)
    if not needs and not drafts:
        return None
    return {"needs": needs, "drafts": drafts}


def _previous_ids(assessments: list[Assessment]) -> dict[int, int]:
    """assessment id → the id of its team's completed assessment before it (one statement)."""
    functions = {a.function_id for a in assessments}
    history = db.session.execute(
        select(Assessment.id, Assessment.function_id)
        .where(
            Assessment.function_id.in_(functions), Assessment.status == AssessmentStatus.COMPLETED
        )  # fmt: skip
        .order_by(Assessment.function_id, Assessment.completed_dt)
    ).all()
    previous, last = {}, {}
    for aid, fid in history:
        if fid in last:
            previous[aid] = last[fid]
        last[fid] = aid
    return previous


def agenda_part(period: AgendaPeriod) -> dict[str, Any] | None:
    completed = completed_between(period.since_dt, period.now_dt)
    needs = open_needs(limit=period.max_rows)
    if not completed and not needs:
        return None
    lang = org_language()  # like the rest of the agenda: it is stored and read by all
    previous = _previous_ids(completed) if completed else {}
    scores = field_scores([a.id for a in completed] + list(previous.values()))
    assessments = [
        {
            "id": a.id,
            "function": a.function.name,
            "completed_dt": a.completed_dt,
            "axes": [
                {
                    "label": f.text("title", lang),
                    "mean": scores.get(a.id, {}).get(f.key),
                    "previous": scores.get(previous.get(a.id, 0), {}).get(f.key),
                }
                for f in a.catalogue.fields
            ],
        }  # fmt: skip
        for a in completed
    ]
    rows = [
        {"title": n.title, "function": n.assessment.function.name,
         "criterion": n.criterion.text("statement", lang), "owner": n.owner.name if n.owner else "",
         "method": n.method.text("name", lang) if n.method else "", "due_date": n.due_date,
         "is_overdue": n.is_overdue}
        for n in needs
    ]  # fmt: skip
    return {"assessments": assessments, "needs": rows}


def register_panels(app: Flask) -> None:
    my_work_panels.add(app, "assessments", "assessments/_my_work.html", my_work_part, order=50)
    agenda_sections.add(app, "assessments", "assessments/_agenda.html", agenda_part, order=50)
