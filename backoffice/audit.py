"""Audit trail for administrative changes (users, organisation, pick-lists).

Ticket changes have their own, richer timeline (`TicketEvent`); this table
records the rest so that every change in the app can be traced to a person.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.models import UTCDateTime, utcnow

T = TypeVar("T")


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(50))
    changes: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()


def record_audit(
    actor: User | None, entity: str, entity_id: int, action: str, changes: dict | None = None
) -> AuditEntry:
    """Add an audit entry to the current transaction (the caller commits)."""
    text = "; ".join(f"{key}: {old!s} → {new!s}" for key, (old, new) in (changes or {}).items())
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        entity=entity,
        entity_id=entity_id,
        action=action,
        changes=text,
    )
    db.session.add(entry)
    return entry


def create_audited(obj: T, actor: User | None, entity: str, summary: dict) -> T:
    """Add a new object and its "created" audit entry (the caller commits)."""
    db.session.add(obj)
    db.session.flush()  # for its id
    record_audit(actor, entity, obj.id, "created", summary)  # type: ignore[attr-defined]
    return obj


def update_audited(obj: object, values: dict, actor: User | None, entity: str) -> dict:
    """Apply `values`; what really changed is audited (the caller commits)."""
    changes = diff_fields(obj, values)
    if changes:
        record_audit(actor, entity, obj.id, "updated", changes)  # type: ignore[attr-defined]
    return changes


def diff_fields(obj: object, values: dict) -> dict:
    """Set `values` on `obj` and return {field: (old, new)} for the ones that changed."""
    changes = {}
    for key, new in values.items():
        old = getattr(obj, key)
        if old != new:
            changes[key] = (old, new)
            setattr(obj, key, new)
    return changes
