"""Reading reviews: the list, one review, its agenda versions, minutes, history, action items.

Nothing here writes; the commands that change a review are in `commands.py`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.meetings.agenda import build_agenda
from backoffice.meetings.agenda_json import agenda_from_json
from backoffice.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaSnapshot,
    MinuteItem,
    QuarterlyReview,
    ReviewEvent,
)
from backoffice.models import utcnow


def review_by_quarter(quarter: str) -> QuarterlyReview | None:
    return db.session.scalar(
        select(QuarterlyReview).where(QuarterlyReview.quarter == quarter.strip().upper())
    )


def list_reviews(
    now: datetime | None = None,
) -> tuple[list[QuarterlyReview], list[QuarterlyReview]]:
    """Upcoming (planned, not yet started) and past reviews, nearest first."""
    now = now or utcnow()
    reviews = db.session.scalars(
        select(QuarterlyReview).order_by(QuarterlyReview.starts_at.desc())
    ).all()
    upcoming = [r for r in reviews if r.is_planned and r.ends_at >= now]
    past = [r for r in reviews if r not in upcoming]
    return list(reversed(upcoming)), past


def latest_snapshot(review: QuarterlyReview) -> AgendaSnapshot | None:
    return db.session.scalar(
        select(AgendaSnapshot)
        .where(AgendaSnapshot.review_id == review.id)
        .order_by(AgendaSnapshot.number.desc())
        .limit(1)
    )


def list_snapshots(review: QuarterlyReview) -> list[AgendaSnapshot]:
    return list(
        db.session.scalars(
            select(AgendaSnapshot)
            .where(AgendaSnapshot.review_id == review.id)
            .order_by(AgendaSnapshot.number.desc())
        )
    )


def current_agenda(
    review: QuarterlyReview, now: datetime | None = None, snapshot_number: int | None = None
) -> tuple[dict[str, Any], AgendaSnapshot | None]:
    """The latest published snapshot (or the asked-for one), else the live draft."""
    if snapshot_number is not None:
        snapshot = db.session.scalar(
            select(AgendaSnapshot).where(
                AgendaSnapshot.review_id == review.id, AgendaSnapshot.number == snapshot_number
            )
        )
    else:
        snapshot = latest_snapshot(review)
    if snapshot is not None:
        return agenda_from_json(snapshot.data), snapshot
    return build_agenda(review, now), None


def review_minutes(review: QuarterlyReview) -> tuple[list[MinuteItem], list[ActionItem]]:
    minutes = db.session.scalars(
        select(MinuteItem).where(MinuteItem.review_id == review.id).order_by(MinuteItem.id)
    ).all()
    actions = db.session.scalars(
        select(ActionItem).where(ActionItem.review_id == review.id).order_by(ActionItem.id)
    ).all()
    return list(minutes), list(actions)


def review_events(review: QuarterlyReview) -> list[ReviewEvent]:
    return list(
        db.session.scalars(
            select(ReviewEvent)
            .where(ReviewEvent.review_id == review.id)
            .order_by(ReviewEvent.created_dt.desc(), ReviewEvent.id.desc())
        )
    )


def open_actions_for(user: User) -> list[ActionItem]:
    """The user's open action items, for "My work" (one statement)."""
    return list(
        db.session.scalars(
            select(ActionItem)
            .options(joinedload(ActionItem.review))
            .where(ActionItem.owner_id == user.id, ActionItem.status == ActionStatus.OPEN)
            .order_by(ActionItem.due_date.asc().nulls_last(), ActionItem.id)
        )
    )
