"""Changing a review: move, cancel, publish the agenda, record minutes, close it as held.

Every function checks who may do it, records a ReviewEvent, queues the mails
the change causes (in the same transaction) and commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import format_datetime
from sqlalchemy import func, select

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.meetings import notices
from backoffice.meetings.agenda import build_agenda
from backoffice.meetings.agenda_json import agenda_from_json, agenda_to_json
from backoffice.meetings.attendees import set_attendees
from backoffice.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaSnapshot,
    MinuteItem,
    QuarterlyReview,
    ReviewEvent,
    ReviewEventKind,
    ReviewStatus,
)
from backoffice.models import utcnow


class ReviewNotAllowed(Exception):
    """The user may not do this (a 403 for the view)."""


class ReviewClosed(Exception):
    """The review is held or cancelled: its agenda and minutes are frozen."""


def _require_coordinator(actor: User) -> None:
    if not actor.is_coordinator:
        raise ReviewNotAllowed


def _require_planned(review: QuarterlyReview) -> None:
    if review.status != ReviewStatus.PLANNED:
        raise ReviewClosed


def _event(review: QuarterlyReview, actor: User | None, kind: ReviewEventKind, note: str = "",
           now: datetime | None = None) -> None:  # fmt: skip
    db.session.add(
        ReviewEvent(
            review_id=review.id,
            actor_id=actor.id if actor else None,
            kind=kind,
            note=note,
            created_dt=now or utcnow(),
        )
    )


@dataclass
class ReviewChanges:
    starts_at: datetime
    duration_minutes: int
    location: str
    video_url: str
    attendee_ids: set[int]


def update_review(
    review: QuarterlyReview, actor: User, changes: ReviewChanges, now: datetime | None = None
) -> bool:
    """Apply the coordinator's edit; returns False when nothing changed.

    A new time is a "moved" event with old and new time; any change raises the
    iCalendar SEQUENCE, so calendars replace the old entry instead of adding one.
    """
    _require_coordinator(actor)
    _require_planned(review)
    now = now or utcnow()
    old_start = review.starts_at
    moved = (changes.starts_at, changes.duration_minutes) != (
        review.starts_at,
        review.duration_minutes,
    )
    place_changed = (changes.location, changes.video_url) != (review.location, review.video_url)
    added, removed = set_attendees(review, changes.attendee_ids)
    if not (moved or place_changed or added or removed):
        return False
    review.starts_at = changes.starts_at
    review.duration_minutes = changes.duration_minutes
    review.location = changes.location
    review.video_url = changes.video_url
    review.sequence += 1
    review.updated_dt = now
    if moved:
        note = (
            f"{format_datetime(old_start, 'short')} → {format_datetime(review.starts_at, 'short')}"
        )
        _event(review, actor, ReviewEventKind.MOVED, note, now)
    if place_changed or added or removed:
        _event(review, actor, ReviewEventKind.CHANGED, "", now)
    db.session.flush()
    if review.invited_dt is not None:
        notices.queue_invitations(review, now)
        notices.queue_cancellations(review, removed, now)
    db.session.commit()
    return True


def cancel_review(
    review: QuarterlyReview, actor: User, reason: str, now: datetime | None = None
) -> None:
    _require_coordinator(actor)
    _require_planned(review)
    now = now or utcnow()
    review.status = ReviewStatus.CANCELLED
    review.cancel_reason = reason
    review.sequence += 1
    _event(review, actor, ReviewEventKind.CANCELLED, reason, now)
    db.session.flush()
    if review.invited_dt is not None:
        notices.queue_cancellations(review, None, now)
    db.session.commit()


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


def _freeze(review: QuarterlyReview, actor: User | None, now: datetime) -> AgendaSnapshot:
    number = (
        db.session.scalar(
            select(func.max(AgendaSnapshot.number)).where(AgendaSnapshot.review_id == review.id)
        )
        or 0
    ) + 1
    snapshot = AgendaSnapshot(
        review_id=review.id,
        number=number,
        created_dt=now,
        created_by_id=actor.id if actor else None,
        data=agenda_to_json(build_agenda(review, now)),
    )
    db.session.add(snapshot)
    _event(review, actor, ReviewEventKind.PUBLISHED, str(number), now)
    return snapshot


def publish_agenda(
    review: QuarterlyReview, actor: User, now: datetime | None = None
) -> AgendaSnapshot:
    """Freeze the agenda as it is now; earlier snapshots stay as they were."""
    _require_coordinator(actor)
    _require_planned(review)
    snapshot = _freeze(review, actor, now or utcnow())
    db.session.commit()
    return snapshot


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


@dataclass
class MinuteData:
    section: str
    ticket_number: str = ""
    note: str = ""
    decision: str = ""
    action_title: str = ""
    action_owner_id: int | None = None
    action_due_date: date | None = None


def record_minute(
    review: QuarterlyReview, actor: User, data: MinuteData, now: datetime | None = None
) -> MinuteItem:
    _require_coordinator(actor)
    _require_planned(review)
    now = now or utcnow()
    item = MinuteItem(
        review_id=review.id,
        section=data.section,
        ticket_number=data.ticket_number.strip().upper(),
        note=data.note.strip(),
        decision=data.decision.strip(),
        created_dt=now,
        created_by_id=actor.id,
    )
    db.session.add(item)
    db.session.flush()
    if data.action_title.strip():
        db.session.add(
            ActionItem(
                review_id=review.id,
                minute_item_id=item.id,
                title=data.action_title.strip(),
                owner_id=data.action_owner_id,
                due_date=data.action_due_date,
                created_dt=now,
                updated_dt=now,
            )
        )
    db.session.commit()
    return item


def complete_action(action: ActionItem, actor: User, now: datetime | None = None) -> None:
    """The owner or a coordinator marks an action done (doing it twice changes nothing)."""
    if actor.id != action.owner_id and not actor.is_coordinator:
        raise ReviewNotAllowed
    if action.status == ActionStatus.DONE:
        return
    action.status = ActionStatus.DONE
    action.done_dt = now or utcnow()
    db.session.commit()


def mark_held(review: QuarterlyReview, actor: User, now: datetime | None = None) -> None:
    """Close the review: freeze the agenda if it was never published, mail the minutes."""
    _require_coordinator(actor)
    _require_planned(review)
    now = now or utcnow()
    if latest_snapshot(review) is None:
        _freeze(review, actor, now)
    review.status = ReviewStatus.HELD
    review.held_dt = now
    _event(review, actor, ReviewEventKind.HELD, "", now)
    db.session.flush()
    notices.queue_minutes(review, now)
    db.session.commit()


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


def open_actions_for(user: User) -> list[ActionItem]:
    """The user's open action items, for "My work" (one statement)."""
    from sqlalchemy.orm import joinedload

    return list(
        db.session.scalars(
            select(ActionItem)
            .options(joinedload(ActionItem.review))
            .where(ActionItem.owner_id == user.id, ActionItem.status == ActionStatus.OPEN)
            .order_by(ActionItem.due_date.asc().nulls_last(), ActionItem.id)
        )
    )
