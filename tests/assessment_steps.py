"""Building blocks for the self-assessment tests: a team with a lead, assessments in any state.

`rated_assessment` goes through the same commands the pages call, so the data is what a
team would have produced; tests then act and assert through the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask.testing import FlaskClient
from sqlalchemy import select

from backoffice.assessments.catalogue import ensure_catalogue, toolbox
from backoffice.assessments.commands import (
    NeedInput,
    RatingInput,
    add_need,
    complete_assessment,
    save_ratings,
    start_assessment,
)
from backoffice.assessments.models import Assessment, Criterion
from backoffice.auth.models import Role, User
from backoffice.extensions import db
from backoffice.org.models import Function
from tests.factories import make_user
from tests.helpers import csrf_token


@dataclass(frozen=True)
class Team:
    function_id: int
    lead: str
    member: str
    outsider: str


def make_team(office) -> Team:  # noqa: ANN001
    """Time registration with Otto Owner as its lead, a second member, and an outsider."""
    function = db.session.get(Function, office.time_registration_id)
    lead = db.session.get(User, office.owner_id)
    function.lead_id = lead.id
    member = make_user("member@example.com", Role.CLERK, "Mia Member", function=function)
    db.session.commit()
    return Team(function.id, lead.email, member.email, office.clerk)


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def criteria() -> list[Criterion]:
    return [c for f in ensure_catalogue().fields for c in f.criteria]


def criterion(key: str) -> Criterion:
    return next(c for c in criteria() if c.key == key)


def rate(function: Function, lead: User, levels: dict[str, int | None] | None = None,
         default: int | None = 2, complete: bool = False) -> Assessment:  # fmt: skip
    """The function's draft with every criterion at `default` except those in `levels`,
    saved (or completed) by its lead through the commands the pages call."""
    assessment = start_assessment(function, lead)
    given = {
        r.criterion_id: RatingInput((levels or {}).get(r.criterion.key, default), "note", "")
        for r in assessment.ratings
    }
    command = complete_assessment if complete else save_ratings
    return command(assessment, given, assessment.version, lead)


def rated_assessment(
    team: Team, levels: dict[str, int | None] | None = None, default: int | None = 2,
    complete: bool = False, completed_dt: datetime | None = None,
) -> Assessment:  # fmt: skip
    """`rate` for the team; `completed_dt` back-dates a completed one."""
    function = db.session.get(Function, team.function_id)
    assessment = rate(function, user(team.lead), levels, default, complete)
    if complete and completed_dt:
        assessment.completed_dt = completed_dt
        db.session.commit()
    return assessment


def need_for(assessment: Assessment, key: str, owner: str, title: str = "Interview Payroll"):  # noqa: ANN201
    method = toolbox()[0]
    return add_need(
        assessment,
        NeedInput(criterion(key).id, title, user(owner).id, date(2027, 3, 31), method.id),
        user(owner),
    )


def rating_post(client: FlaskClient, assessment_id: int, levels: dict[int, str],
                version: int, action: str = "save", note: str = "") -> dict:  # fmt: skip
    """What the rating form sends: a level and a note per criterion (ids), the version."""
    url = f"/assessments/{assessment_id}"
    data = {"csrf_token": csrf_token(client, url), "version": str(version), "action": action}
    for cid, level in levels.items():
        data[f"level_{cid}"], data[f"note_{cid}"], data[f"link_{cid}"] = level, note, ""
    return data


WHEN = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
