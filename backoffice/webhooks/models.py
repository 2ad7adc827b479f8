"""Webhook subscriptions and their deliveries (an outbox, like mail's)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.auth.models import enum_column
from backoffice.extensions import db
from backoffice.models import TimestampMixin, UTCDateTime, utcnow


class WebhookEvent(enum.StrEnum):
    TICKET_REPORTED = "ticket.reported"
    TICKET_MOVED = "ticket.moved"
    TICKET_COMMENTED = "ticket.commented"
    DEADLINE_AT_RISK = "ticket.deadline_at_risk"
    DEADLINE_BREACHED = "ticket.deadline_breached"
    REVIEW_PUBLISHED = "review.published"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # given up after the last attempt; an admin may redeliver


class WebhookSubscription(TimestampMixin, db.Model):
    """A URL that receives the chosen events, signed with its own secret."""

    __tablename__ = "webhook_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    events: Mapped[str] = mapped_column(String(300))  # comma-separated WebhookEvent values
    secret: Mapped[str] = mapped_column(String(64))  # HMAC key: needed in clear to sign
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def event_list(self) -> list[WebhookEvent]:
        return [WebhookEvent(e) for e in self.events.split(",") if e]


class WebhookDelivery(db.Model):
    """One event for one subscription. `ordering_key` ("ticket:42") keeps a ticket's
    deliveries in order: a later one waits until the earlier is delivered or given up."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index(None, "status", "next_attempt_dt"), Index(None, "ordering_key", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[str] = mapped_column(String(36), unique=True)  # receivers drop repeats by it
    event: Mapped[WebhookEvent] = mapped_column(enum_column(WebhookEvent, 40))
    ordering_key: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_attempt_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    delivered_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    subscription: Mapped[WebhookSubscription] = relationship()
