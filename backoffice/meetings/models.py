"""Quarterly reviews: the meeting, who attends, the frozen agendas, the minutes and actions."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.auth.models import enum_column
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.i18n import org_today
from backoffice.models import TimestampMixin, UTCDateTime, utcnow

if TYPE_CHECKING:
    from backoffice.auth.models import User


class ReviewStatus(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return str(REVIEW_STATUS_LABELS[self])


REVIEW_STATUS_LABELS = {
    ReviewStatus.PLANNED: _l("Planned"),
    ReviewStatus.HELD: _l("Held"),
    ReviewStatus.CANCELLED: _l("Cancelled"),
}


class QuarterlyReview(TimestampMixin, db.Model):
    """The review of one quarter (`2026-Q4`), held after that quarter has ended.

    `quarter` is unique, so the job that plans reviews can run any number of times.
    `sequence` is the iCalendar SEQUENCE: raised on every change attendees must see.
    """

    __tablename__ = "quarterly_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    quarter: Mapped[str] = mapped_column(String(7), unique=True)  # YYYY-Qn
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=90)
    location: Mapped[str] = mapped_column(String(300), default="")
    video_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus), default=ReviewStatus.PLANNED
    )
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    held_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the first invitations were queued; from then on every change is mailed.
    invited_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")

    attendees: Mapped[list[ReviewAttendee]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ReviewAttendee.id"
    )

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_planned(self) -> bool:
        return self.status == ReviewStatus.PLANNED

    def __repr__(self) -> str:
        return f"<QuarterlyReview {self.quarter}>"


class ReviewAttendee(db.Model):
    __tablename__ = "review_attendees"
    __table_args__ = (UniqueConstraint("review_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("quarterly_reviews.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    review: Mapped[QuarterlyReview] = relationship(back_populates="attendees")
    user: Mapped[User] = relationship()


class AgendaSnapshot(db.Model):
    """A published agenda, frozen as JSON: what was printed stays what was discussed."""

    __tablename__ = "agenda_snapshots"
    __table_args__ = (UniqueConstraint("review_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("quarterly_reviews.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    data: Mapped[str] = mapped_column(Text)

    created_by: Mapped[User | None] = relationship()


class MinuteItem(db.Model):
    """What was said and decided on one agenda item (a section, or one ticket in it)."""

    __tablename__ = "minute_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("quarterly_reviews.id", ondelete="CASCADE"), index=True
    )
    section: Mapped[str] = mapped_column(String(30))
    ticket_number: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    created_by: Mapped[User | None] = relationship()


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"

    @property
    def label(self) -> str:
        return str(ACTION_STATUS_LABELS[self])


ACTION_STATUS_LABELS = {ActionStatus.OPEN: _l("Open"), ActionStatus.DONE: _l("Done")}


class ActionItem(TimestampMixin, db.Model):
    """A measure agreed at a review; it returns on every later agenda until it is done."""

    __tablename__ = "action_items"
    __table_args__ = (Index("ix_action_items_owner_id_status", "owner_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("quarterly_reviews.id", ondelete="CASCADE"), index=True
    )
    minute_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("minute_items.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus), default=ActionStatus.OPEN
    )
    done_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    review: Mapped[QuarterlyReview] = relationship()
    owner: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.due_date and self.due_date < org_today())


class ReviewEventKind(enum.StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    MOVED = "moved"
    CANCELLED = "cancelled"
    PUBLISHED = "published"
    HELD = "held"

    @property
    def label(self) -> str:
        return str(REVIEW_EVENT_LABELS[self])


REVIEW_EVENT_LABELS = {
    ReviewEventKind.CREATED: _l("Planned"),
    ReviewEventKind.CHANGED: _l("Changed"),
    ReviewEventKind.MOVED: _l("Moved"),
    ReviewEventKind.CANCELLED: _l("Cancelled"),
    ReviewEventKind.PUBLISHED: _l("Agenda published"),
    ReviewEventKind.HELD: _l("Marked held"),
}


class ReviewEvent(db.Model):
    """The review's history: who planned, moved, cancelled, published or closed it, and when."""

    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("quarterly_reviews.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[ReviewEventKind] = mapped_column(enum_column(ReviewEventKind))
    note: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()
