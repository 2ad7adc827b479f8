"""Recording what happened to a ticket: the audit trail behind its timeline."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from weakref import WeakKeyDictionary

from sqlalchemy import update
from sqlalchemy.orm import SessionTransaction

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.i18n import gettext
from backoffice.models import utcnow
from backoffice.tickets.models import EventKind, Ticket, TicketEvent

# Events that change what a form shows raise the ticket's version (a form opened
# before is stale); the others (comments, attachments, links) leave it alone.
VERSIONED_KINDS = frozenset({EventKind.FIELD, EventKind.STATUS})


def touch_activity(ticket: Ticket, now: datetime) -> None:
    """Note activity on a stored ticket without taking part in its optimistic lock.

    A plain UPDATE: it neither checks nor raises the version, so a move committed by
    someone else meanwhile does not make it fail, and it does not make their form stale.
    """
    db.session.execute(
        update(Ticket.__table__).where(Ticket.id == ticket.id).values(last_activity_dt=now)
    )


def as_text(value: object) -> str:
    """A stable text form of a field value for the audit trail."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date | Decimal):
        return str(value)
    if hasattr(value, "label_en"):  # a pick-list item
        return value.label_en
    if hasattr(value, "name") and not isinstance(value, str):
        return value.name
    return str(value)


# Notes the app writes on timelines itself, stored as their English message: each reader
# sees them in their own language, while a note a person typed is shown as typed.
SYSTEM_NOTES: set[str] = set()


def system_note(message: str) -> str:
    """Register a note the app writes (a message marked with `N_`) and return it for storing."""
    SYSTEM_NOTES.add(message)
    return message


def event_note(note: str) -> str:
    """A timeline note as the reader sees it: the app's own notes translated."""
    return gettext(note) if note in SYSTEM_NOTES else note


# One id per database transaction. A command commits once, so the events it writes
# (and those its signals' receivers write) share the id: the timeline's one entry per action.
_ACTION_IDS: WeakKeyDictionary[SessionTransaction, str] = WeakKeyDictionary()


def current_action_id() -> str:
    """The id of the action (transaction) now running; the same until its commit or rollback."""
    session = db.session()
    transaction = session.get_transaction() or session.begin()
    while transaction.parent is not None:  # a savepoint belongs to its outer action
        transaction = transaction.parent
    return _ACTION_IDS.setdefault(transaction, uuid.uuid4().hex)


def record_event(
    ticket: Ticket,
    actor: User | None,
    kind: EventKind,
    field: str = "",
    old: object = None,
    new: object = None,
    note: str = "",
    *,
    system: bool = False,
) -> TicketEvent:
    """Record what happened. `system=True`: the system did it (no person is credited)."""
    now = utcnow()
    event = TicketEvent(
        ticket=ticket,
        actor=None if system else actor,
        kind=kind,
        field=field,
        old_value=as_text(old),
        new_value=as_text(new),
        note=note,
        created_dt=now,
        action_id=current_action_id(),
        is_system=system,
    )
    if ticket.id is None:
        ticket.last_activity_dt = now
    elif kind in VERSIONED_KINDS:
        ticket.last_activity_dt = now
        ticket.version = (ticket.version or 1) + 1
    else:
        touch_activity(ticket, now)
    db.session.add(event)
    return event


def apply_changes(ticket: Ticket, actor: User, values: dict[str, object]) -> list[str]:
    """Set fields on the ticket, recording one event per field that really changed.

    Values may be ORM objects for relationships (e.g. `owner`), which keeps the
    event readable (a name, not an id).
    """
    changed = []
    for field, new in values.items():
        old = getattr(ticket, field)
        if old == new or (old in (None, "") and new in (None, "")):
            continue
        setattr(ticket, field, new)
        record_event(ticket, actor, EventKind.FIELD, field, old, new)
        changed.append(field)
    return changed
