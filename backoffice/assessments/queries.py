"""What the assessment pages, panels and the agenda read: each in a fixed number of statements.

A field's score is the mean of its criteria's levels (0 = not yet … 3 = fully), computed
in SQL per (assessment, field key), so a team's trend and the coordinators' grid read
one grouped statement however many assessments exist.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from backoffice.assessments.models import (
    Assessment,
    AssessmentStatus,
    CatalogueField,
    CatalogueVersion,
    Criterion,
    DevelopmentNeed,
    EvidenceFile,
    NeedStatus,
    Rating,
)
from backoffice.assessments.rights import can_read, require
from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.org.models import Function


def assessment_or_404(assessment_id: int, user: User) -> Assessment:
    assessment = db.session.scalar(
        select(Assessment)
        .options(
            joinedload(Assessment.function),
            selectinload(Assessment.ratings).selectinload(Rating.files),
            selectinload(Assessment.catalogue)
            .selectinload(CatalogueVersion.fields)
            .selectinload(CatalogueField.criteria),
        )
        .where(Assessment.id == assessment_id)
    )
    if assessment is None:
        abort(404)
    require(can_read(user, assessment))
    return assessment


def evidence_file_or_404(file_id: int, user: User) -> EvidenceFile:
    """A rating's evidence file, for whoever may read its assessment."""
    found = db.session.scalar(
        select(EvidenceFile)
        .options(
            joinedload(EvidenceFile.rating)
            .joinedload(Rating.assessment)
            .joinedload(Assessment.function)
        )  # fmt: skip
        .where(EvidenceFile.id == file_id)
    )
    if found is None:
        abort(404)
    require(can_read(user, found.rating.assessment))
    return found


def need_or_404(need_id: int) -> DevelopmentNeed:
    need = db.session.scalar(
        select(DevelopmentNeed)
        .options(joinedload(DevelopmentNeed.assessment).joinedload(Assessment.function))
        .where(DevelopmentNeed.id == need_id)
    )
    if need is None:
        abort(404)
    return need


def field_scores(assessment_ids: list[int]) -> dict[int, dict[str, float]]:
    """assessment id → field key → mean level of its rated criteria (one statement)."""
    if not assessment_ids:
        return {}
    rows = db.session.execute(
        select(Rating.assessment_id, CatalogueField.key, func.avg(Rating.level))
        .join(Criterion, Criterion.id == Rating.criterion_id)
        .join(CatalogueField, CatalogueField.id == Criterion.field_id)
        .where(Rating.assessment_id.in_(assessment_ids), Rating.level.is_not(None))
        .group_by(Rating.assessment_id, CatalogueField.key)
    )
    scores: dict[int, dict[str, float]] = defaultdict(dict)
    for aid, key, mean in rows:
        scores[aid][key] = float(mean)
    return dict(scores)


def previous_completed(assessment: Assessment) -> Assessment | None:
    """The team's last completed assessment before this one (a draft: before now)."""
    stmt = select(Assessment).where(
        Assessment.function_id == assessment.function_id,
        Assessment.status == AssessmentStatus.COMPLETED,
        Assessment.id != assessment.id,
    )
    if assessment.completed_dt is not None:
        stmt = stmt.where(Assessment.completed_dt < assessment.completed_dt)
    return db.session.scalar(stmt.order_by(Assessment.completed_dt.desc()).limit(1))


def radar_axes(assessment: Assessment, previous: Assessment | None) -> list[dict[str, Any]]:
    """One axis per field of the assessment's catalogue: its mean and the previous one's."""
    ids = [assessment.id] + ([previous.id] if previous else [])
    scores = field_scores(ids)
    now, before = scores.get(assessment.id, {}), scores.get(previous.id, {}) if previous else {}
    return [
        {"key": f.key, "label": f.text("title"), "mean": now.get(f.key),
         "previous": before.get(f.key)}
        for f in assessment.catalogue.fields
    ]  # fmt: skip


def needs_of(assessment: Assessment) -> list[DevelopmentNeed]:
    return list(
        db.session.scalars(
            select(DevelopmentNeed)
            .options(joinedload(DevelopmentNeed.owner), joinedload(DevelopmentNeed.method))
            .where(DevelopmentNeed.assessment_id == assessment.id)
            .order_by(DevelopmentNeed.status.desc(), DevelopmentNeed.due_date, DevelopmentNeed.id)
        )
    )


@dataclass
class TeamRow:
    """A function on the overview: its latest completed scores, the ones before, its draft."""

    function: Function
    latest: Assessment | None = None
    previous: Assessment | None = None
    draft: Assessment | None = None
    scores: dict[str, float] = field(default_factory=dict)
    previous_scores: dict[str, float] = field(default_factory=dict)
    history: list[Assessment] = field(default_factory=list)

    def trend(self, key: str) -> float | None:
        if key in self.scores and key in self.previous_scores:
            return self.scores[key] - self.previous_scores[key]
        return None


def team_overview() -> list[TeamRow]:
    """Every active function with its assessments: three statements for any number."""
    functions = db.session.scalars(
        select(Function).where(Function.is_active.is_(True)).order_by(Function.name)
    ).all()
    rows = {f.id: TeamRow(f) for f in functions}
    assessments = db.session.scalars(
        select(Assessment).order_by(Assessment.completed_dt.desc().nulls_first(), Assessment.id)
    ).all()
    for a in assessments:
        row = rows.get(a.function_id)
        if row is None:
            continue
        if a.is_draft:
            row.draft = a
        else:
            row.history.append(a)
    for row in rows.values():
        row.latest = row.history[0] if row.history else None
        row.previous = row.history[1] if len(row.history) > 1 else None
    scores = field_scores([r.id for row in rows.values() for r in (row.latest, row.previous) if r])
    for row in rows.values():
        row.scores = scores.get(row.latest.id, {}) if row.latest else {}
        row.previous_scores = scores.get(row.previous.id, {}) if row.previous else {}
    return list(rows.values())


def open_needs(owner: User | None = None, limit: int | None = None) -> list[DevelopmentNeed]:
    """Open development needs, the earliest due first; one statement."""
    stmt = (
        select(DevelopmentNeed)
        .options(
            joinedload(DevelopmentNeed.owner),
            joinedload(DevelopmentNeed.method),
            joinedload(DevelopmentNeed.criterion),
            joinedload(DevelopmentNeed.assessment).joinedload(Assessment.function),
        )
        .where(DevelopmentNeed.status == NeedStatus.OPEN)
        .order_by(DevelopmentNeed.due_date.asc().nulls_last(), DevelopmentNeed.id)
    )
    if owner is not None:
        stmt = stmt.where(DevelopmentNeed.owner_id == owner.id)
    return list(db.session.scalars(stmt.limit(limit) if limit else stmt))


def team_drafts(user: User) -> list[Assessment]:
    """Drafts of the teams the user belongs to or leads."""
    teams = select(Function.id).where(Function.lead_id == user.id)
    stmt = select(Assessment).options(joinedload(Assessment.function))
    stmt = stmt.where(
        Assessment.status == AssessmentStatus.DRAFT,
        (Assessment.function_id == user.function_id) | Assessment.function_id.in_(teams),
    )
    return list(db.session.scalars(stmt.order_by(Assessment.id)))


def completed_between(start: datetime, end: datetime) -> list[Assessment]:
    return list(
        db.session.scalars(
            select(Assessment)
            .options(
                joinedload(Assessment.function),
                selectinload(Assessment.catalogue).selectinload(CatalogueVersion.fields),
            )
            .where(
                Assessment.status == AssessmentStatus.COMPLETED,
                Assessment.completed_dt >= start,
                Assessment.completed_dt < end,
            )
            .order_by(Assessment.completed_dt)
        )
    )
