"""Demo self-assessments: two teams, each assessed twice a year apart with visible progress,
and open development needs from the weak criteria of the latest one.

`flask seed-demo` calls `seed_assessments()` after loading the office; nothing happens
when assessments exist. It goes through the same commands a team would use.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from backoffice.assessments.catalogue import ensure_catalogue, toolbox
from backoffice.assessments.commands import (
    NeedInput,
    RatingInput,
    add_need,
    complete_assessment,
    start_assessment,
    team_people,
)
from backoffice.assessments.models import Assessment, Level
from backoffice.extensions import db
from backoffice.i18n import org_today
from backoffice.models import utcnow
from backoffice.org.models import Function

# Levels per criterion, in catalogue order: a year ago, and now (the second field is the
# one the teams worked on: service descriptions and agreements).
EARLIER = [1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0]
LATER = [2, 1, 2, 1, 2, 3, 2, 2, 1, 2, 0, 2, 2, 1, 2, 1]
NOTES = {
    Level.NOT_YET: "Not discussed in the team yet.",
    Level.STARTED: "A first step is taken; it is not routine.",
    Level.LARGELY: "Mostly in place; some gaps remain.",
    Level.FULLY: "Done and kept up to date.",
}


def _assess(function: Function, levels: list[int], days_ago: int) -> Assessment:
    lead = function.lead
    assessment = start_assessment(function, lead)
    order = [c.id for f in assessment.catalogue.fields for c in f.criteria]
    given = {
        cid: RatingInput(level, NOTES[Level(level)], "")
        for cid, level in zip(order, levels, strict=False)
    }
    complete_assessment(assessment, given, assessment.version, lead)
    assessment.completed_dt = utcnow() - timedelta(days=days_ago)
    db.session.commit()
    return assessment


def seed_assessments() -> dict[str, int]:
    if db.session.scalar(select(func.count(Assessment.id))):
        return {"assessments": 0, "needs": 0}
    ensure_catalogue()
    methods = toolbox()
    teams = db.session.scalars(
        select(Function).where(Function.lead_id.is_not(None)).order_by(Function.name).limit(2)
    ).all()
    needs = 0
    for team in teams:
        _assess(team, EARLIER, days_ago=380)
        latest = _assess(team, LATER, days_ago=15)
        people = team_people(team)
        weak = [r for r in latest.ratings if r.level is not None and Level(r.level).is_weak]
        for index, rating in enumerate(weak[:3]):
            owner = people[index % len(people)]
            title = rating.criterion.text("statement", "en").rstrip(".")
            add_need(latest, NeedInput(rating.criterion_id, f"Work on: {title}", owner.id,
                                       org_today() + timedelta(days=45 + 30 * index),
                                       methods[index % len(methods)].id), team.lead)  # fmt: skip
            needs += 1
    return {"assessments": 2 * len(teams), "needs": needs}
