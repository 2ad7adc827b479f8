"""What changes an assessment: start, rate, complete; development needs and their end.

Each command checks the user's right (`rights.py`), refuses with `Invalid` at the field
or `ChangedMeanwhile`, and commits once. Ratings are saved under an optimistic lock: the
version the form was opened with must still be current, checked in the UPDATE itself,
so of two members saving at the same moment exactly one wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from backoffice.assessments.catalogue import ensure_catalogue
from backoffice.assessments.models import (
    Assessment,
    AssessmentStatus,
    DevelopmentNeed,
    EvidenceFile,
    Level,
    NeedStatus,
    Rating,
    ToolboxMethod,
)
from backoffice.assessments.rights import (
    can_close_need,
    can_edit,
    can_plan_needs,
    in_team,
    is_lead,
    require,
)
from backoffice.auth.models import User
from backoffice.errors import ChangedMeanwhile, Invalid
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.models import utcnow
from backoffice.tickets.attachments import content_type_of, read_upload

if TYPE_CHECKING:
    from backoffice.org.models import Function


@dataclass(frozen=True)
class RatingInput:
    level: int | None
    note: str
    evidence_url: str
    upload: FileStorage | None = None  # a file to add as evidence


@dataclass(frozen=True)
class NeedInput:
    criterion_id: int
    title: str
    owner_id: int
    due_date: date
    method_id: int


def start_assessment(function: Function, actor: User) -> Assessment:
    """The function's draft: a new one on the current catalogue, or the one already open."""
    require(is_lead(actor, function))
    existing = db.session.scalar(select(Assessment).where(Assessment.draft_of == function.id))
    if existing is not None:
        return existing
    catalogue = ensure_catalogue()
    assessment = Assessment(function_id=function.id, catalogue_id=catalogue.id,
                            draft_of=function.id, started_by_id=actor.id)  # fmt: skip
    assessment.ratings = [
        Rating(criterion_id=c.id) for field in catalogue.fields for c in field.criteria
    ]
    db.session.add(assessment)
    try:
        db.session.commit()
    except IntegrityError:  # the other lead's click won: open that draft
        db.session.rollback()
        return db.session.scalar(select(Assessment).where(Assessment.draft_of == function.id))
    return assessment


def _claim_version(assessment: Assessment, expected: int) -> None:
    """Raise the version if it is still `expected`, in one UPDATE; else changed meanwhile."""
    claimed = db.session.execute(
        update(Assessment)
        .where(
            Assessment.id == assessment.id,
            Assessment.version == expected,
            Assessment.status == AssessmentStatus.DRAFT,
        )  # fmt: skip
        .values(version=expected + 1, updated_dt=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        db.session.rollback()
        db.session.refresh(assessment)
        if not assessment.is_draft:
            raise Invalid({"": _l("This assessment was completed meanwhile; it cannot change.")})
        raise ChangedMeanwhile(assessment.version)
    db.session.refresh(assessment, ["version"])


def _apply_ratings(
    assessment: Assessment, ratings: dict[int, RatingInput], expected: int, actor: User
) -> None:
    files = {  # every upload checked before anything changes
        cid: read_upload(given.upload, f"file_{cid}")
        for cid, given in ratings.items()
        if given.upload is not None and given.upload.filename
    }
    _claim_version(assessment, expected)
    for rating in assessment.ratings:
        if (given := ratings.get(rating.criterion_id)) is not None:
            rating.level, rating.note = given.level, given.note.strip()
            rating.evidence_url = given.evidence_url.strip()
        if (upload := files.get(rating.criterion_id)) is not None:
            filename, data = upload
            rating.files.append(EvidenceFile(uploader_id=actor.id, filename=filename, data=data,
                                             content_type=content_type_of(filename),
                                             size_bytes=len(data)))  # fmt: skip


def save_ratings(
    assessment: Assessment, ratings: dict[int, RatingInput], expected: int, actor: User
) -> Assessment:
    """Store the team's ratings (criterion id → input) as one change of the draft."""
    require(can_edit(actor, assessment))
    _apply_ratings(assessment, ratings, expected, actor)
    db.session.commit()
    return assessment


def complete_assessment(
    assessment: Assessment, ratings: dict[int, RatingInput], expected: int, actor: User
) -> Assessment:
    """Save what the lead sees and freeze it; every criterion must be rated."""
    require(can_edit(actor, assessment) and is_lead(actor, assessment.function))
    missing = {
        f"level_{cid}": _l("Please rate this criterion before completing.")
        for cid, given in ratings.items()
        if given.level is None
    }
    if missing or len(ratings) < len(assessment.ratings):
        raise Invalid(missing or {"": _l("Please rate every criterion before completing.")})
    _apply_ratings(assessment, ratings, expected, actor)
    assessment.status, assessment.draft_of = AssessmentStatus.COMPLETED, None
    assessment.completed_dt, assessment.completed_by_id = utcnow(), actor.id
    db.session.commit()
    return assessment


def team_people(function: Function) -> list[User]:
    """Who can own a need: the function's active members and its lead."""
    members = db.session.scalars(
        select(User)
        .where(User.is_active_user.is_(True))
        .where((User.function_id == function.id) | (User.id == function.lead_id))
        .order_by(User.name)
    )
    return list(members)


def add_need(assessment: Assessment, data: NeedInput, actor: User) -> DevelopmentNeed:
    """A weak criterion becomes a development need: an action with owner, date and method."""
    require(can_plan_needs(actor, assessment))
    rating = next((r for r in assessment.ratings if r.criterion_id == data.criterion_id), None)
    if rating is None:
        raise Invalid({"criterion_id": _l("Choose a criterion of this assessment.")})
    if rating.level is None or not Level(rating.level).is_weak:
        raise Invalid({"criterion_id": _l("Only a criterion rated “not yet” or “started” "
                                          "can become a development need.")})  # fmt: skip
    owner = db.session.get(User, data.owner_id)
    if owner is None or not owner.is_active_user or not in_team(owner, assessment.function):
        raise Invalid({"owner_id": _l("Choose someone of this team.")})
    method = db.session.get(ToolboxMethod, data.method_id)
    if method is None or not method.is_active:
        raise Invalid({"method_id": _l("Choose a method from the toolbox.")})
    need = DevelopmentNeed(assessment_id=assessment.id, criterion_id=data.criterion_id,
                           title=data.title.strip(), owner_id=owner.id, due_date=data.due_date,
                           method_id=method.id, created_by_id=actor.id)  # fmt: skip
    db.session.add(need)
    db.session.commit()
    return need


def close_need(need: DevelopmentNeed, actor: User) -> bool:
    """Mark a need done; False if it was done already (a second click changes nothing)."""
    require(can_close_need(actor, need))
    done = db.session.execute(
        update(DevelopmentNeed)
        .where(DevelopmentNeed.id == need.id, DevelopmentNeed.status == NeedStatus.OPEN)
        .values(status=NeedStatus.DONE, done_dt=utcnow(), updated_dt=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return bool(done)
