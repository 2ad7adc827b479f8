"""Audit trail for administrative changes (users, organisation, pick-lists).

Ticket changes have their own, richer timeline (`TicketEvent`); this table
records the rest so that every change in the app can be traced to a person.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.models import UTCDateTime, utcnow


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


def diff_fields(obj: object, values: dict) -> dict:
    """Set `values` on `obj` and return {field: (old, new)} for the ones that changed."""
    changes = {}
    for key, new in values.items():
        old = getattr(obj, key)
        if old != new:
            changes[key] = (old, new)
            setattr(obj, key, new)
    return changes
