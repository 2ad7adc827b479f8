"""Changing a review: move, cancel, publish the agenda, record minutes, close it as held.

Every function checks who may do it (`NotAllowed`, a 403) and that the review is still
open to change (`Invalid`, a message above the form), records a ReviewEvent, queues
the mails the change causes (in the same transaction) and commits.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from backoffice.auth.models import User
from backoffice.date_formats import show_datetime
from backoffice.errors import Invalid, NotAllowed
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.meetings import notices
from backoffice.meetings.agenda import build_agenda
from backoffice.meetings.agenda_json import agenda_to_json
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
from backoffice.meetings.queries import latest_snapshot
from backoffice.meetings.signals import agenda_published
from backoffice.models import utcnow


def require_open_to(review: QuarterlyReview, actor: User) -> None:
    """Coordinators change a review while it is planned; held or cancelled, it is frozen:
    its agenda and minutes stay as they were."""
    if not actor.is_coordinator:
        raise NotAllowed
    if review.status != ReviewStatus.PLANNED:
        raise Invalid(
            {"": _l("This review is closed; its agenda and minutes can no longer change.")}
        )


def record_event(review: QuarterlyReview, actor: User | None, kind: ReviewEventKind,
                 note: str = "", now: datetime | None = None) -> None:  # fmt: skip
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


class EditOutcome(enum.Enum):
    """What `update_review` did; both are truthy, so `submitted` tells them from a refusal."""

    SAVED = "saved"
    UNCHANGED = "unchanged"


def update_review(
    review: QuarterlyReview, actor: User, changes: ReviewChanges, now: datetime | None = None
) -> EditOutcome:
    """Apply the coordinator's edit.

    A new time is a "moved" event with old and new time; any change raises the
    iCalendar SEQUENCE, so calendars replace the old entry instead of adding one.
    """
    require_open_to(review, actor)
    now = now or utcnow()
    old_start = review.starts_at
    moved = (changes.starts_at, changes.duration_minutes) != (
        review.starts_at,
        review.duration_minutes,
    )
    place_changed = (changes.location, changes.video_url) != (review.location, review.video_url)
    added, removed = set_attendees(review, changes.attendee_ids)
    if not (moved or place_changed or added or removed):
        return EditOutcome.UNCHANGED
    review.starts_at = changes.starts_at
    review.duration_minutes = changes.duration_minutes
    review.location = changes.location
    review.video_url = changes.video_url
    review.sequence += 1
    review.updated_dt = now
    if moved:
        note = f"{show_datetime(old_start)} → {show_datetime(review.starts_at)}"
        record_event(review, actor, ReviewEventKind.MOVED, note, now)
    if place_changed or added or removed:
        record_event(review, actor, ReviewEventKind.CHANGED, "", now)
    db.session.flush()
    if review.invited_dt is not None:
        notices.queue_invitations(review, now)
        notices.queue_cancellations(review, removed, now)
    db.session.commit()
    return EditOutcome.SAVED


def cancel_review(
    review: QuarterlyReview, actor: User, reason: str, now: datetime | None = None
) -> QuarterlyReview:
    require_open_to(review, actor)
    now = now or utcnow()
    review.status = ReviewStatus.CANCELLED
    review.cancel_reason = reason.strip()
    review.sequence += 1
    record_event(review, actor, ReviewEventKind.CANCELLED, review.cancel_reason, now)
    db.session.flush()
    if review.invited_dt is not None:
        notices.queue_cancellations(review, None, now)
    db.session.commit()
    return review


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
    record_event(review, actor, ReviewEventKind.PUBLISHED, str(number), now)
    agenda_published.send(review, snapshot=snapshot, actor=actor)
    return snapshot


def publish_agenda(
    review: QuarterlyReview, actor: User, now: datetime | None = None
) -> AgendaSnapshot:
    """Freeze the agenda as it is now; earlier snapshots stay as they were."""
    require_open_to(review, actor)
    snapshot = _freeze(review, actor, now or utcnow())
    db.session.commit()
    return snapshot


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
    require_open_to(review, actor)
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


def complete_action(action: ActionItem, actor: User, now: datetime | None = None) -> ActionItem:
    """The owner or a coordinator marks an action done (doing it twice changes nothing)."""
    if actor.id != action.owner_id and not actor.is_coordinator:
        raise NotAllowed
    if action.status == ActionStatus.DONE:
        return action
    action.status = ActionStatus.DONE
    action.done_dt = now or utcnow()
    db.session.commit()
    return action


def mark_held(review: QuarterlyReview, actor: User, now: datetime | None = None) -> QuarterlyReview:
    """Close the review: freeze the agenda if it was never published, mail the minutes."""
    require_open_to(review, actor)
    now = now or utcnow()
    if latest_snapshot(review) is None:
        _freeze(review, actor, now)
    review.status = ReviewStatus.HELD
    review.held_dt = now
    record_event(review, actor, ReviewEventKind.HELD, "", now)
    db.session.flush()
    notices.queue_minutes(review, now)
    db.session.commit()
    return review
