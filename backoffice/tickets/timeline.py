"""The ticket's timeline: one entry per action, comments between them.

A command writes its events in one transaction and they share an `action_id`
(`events.current_action_id`): a resolution's root cause, corrective and preventive
action and its status move are one entry, as are an assignment's owner and due date.
What the system wrote in the same action (recomputed due times) is an entry of its own,
credited to nobody. Events recorded before the id existed are grouped by who wrote them
within one second, which is how the commands of that time wrote them.

Three statements whatever the ticket's history: events, comments, pick-list items.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.tickets.models import (
    Comment,
    EventKind,
    PickListItem,
    PickListKind,
    Ticket,
    TicketEvent,
)

# Events from before `action_id`: those of one person this close together were one action.
LEGACY_ACTION_SPAN = timedelta(seconds=1)


class TimelineView(enum.StrEnum):
    """What the reader chose to see (the `show` query parameter)."""

    EVERYTHING = "all"
    COMMENTS = "comments"
    CHANGES = "changes"

    @classmethod
    def parse(cls, value: str | None) -> TimelineView:
        return cls._value2member_map_.get(value or "", cls.EVERYTHING)  # type: ignore[return-value]


@dataclass
class FieldChange:
    event: TicketEvent
    old_item: PickListItem | None = None  # a category or root cause, in the reader's words
    new_item: PickListItem | None = None


@dataclass
class TimelineEntry:
    created_dt: datetime
    actor: User | None = None
    is_system: bool = False
    comment: Comment | None = None
    events: list[TicketEvent] = field(default_factory=list)  # created, status, file, link
    changes: list[FieldChange] = field(default_factory=list)  # fields set by the action
    key: tuple[object, ...] = ()

    @property
    def notes(self) -> list[str]:
        """The reasons given (once each: a recompute notes its reason on every due time)."""
        notes = [e.note for e in self.events] + [c.event.note for c in self.changes]
        return list(dict.fromkeys(note for note in notes if note))

    def add(self, event: TicketEvent) -> None:
        if event.kind == EventKind.FIELD:
            self.changes.append(FieldChange(event))
        else:
            self.events.append(event)


def _key(event: TicketEvent) -> tuple[object, ...]:
    return (event.action_id, event.is_system)


def group_events(events: list[TicketEvent]) -> list[TimelineEntry]:
    """Events in the order written → one entry per action (system events apart)."""
    entries: list[TimelineEntry] = []
    by_action: dict[tuple[object, ...], TimelineEntry] = {}
    for event in events:
        entry = by_action.get(_key(event)) if event.action_id else _legacy_entry(entries, event)
        if entry is None:
            entry = TimelineEntry(
                event.created_dt, event.actor, event.is_system, key=_key(event) + (event.actor_id,)
            )
            entries.append(entry)
            if event.action_id:
                by_action[_key(event)] = entry
        entry.add(event)
    return entries


def _legacy_entry(entries: list[TimelineEntry], event: TicketEvent) -> TimelineEntry | None:
    if not entries:
        return None
    last = entries[-1]
    same = last.key == (None, event.is_system, event.actor_id)
    return last if same and event.created_dt - last.created_dt <= LEGACY_ACTION_SPAN else None


# Events keep a pick-list item's English label (the audit trail's stable text); the
# timeline shows the item's label in the reader's language where it still exists.
PICKED_FIELDS = {"category": PickListKind.CATEGORY, "root_cause": PickListKind.ROOT_CAUSE}


def _with_pick_list_items(changes: list[FieldChange]) -> None:
    picked = [c for c in changes if c.event.field in PICKED_FIELDS]
    if not picked:
        return
    labels = {v for c in picked for v in (c.event.old_value, c.event.new_value) if v}
    items = {
        (item.kind, item.label_en): item
        for item in db.session.scalars(
            select(PickListItem).where(PickListItem.label_en.in_(labels))
        )
    }
    for change in picked:
        kind = PICKED_FIELDS[change.event.field]
        change.old_item = items.get((kind, change.event.old_value))
        change.new_item = items.get((kind, change.event.new_value))


def _in_order(model: Any, person: Any, ticket: Ticket) -> list[Any]:  # noqa: ANN401
    """A ticket's events or comments as written, with who wrote them, in one statement."""
    return list(
        db.session.scalars(
            select(model)
            .options(joinedload(person))
            .where(model.ticket_id == ticket.id)
            .order_by(model.created_dt, model.id)
        )
    )


def ticket_timeline(
    ticket: Ticket, view: TimelineView = TimelineView.EVERYTHING
) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    if view != TimelineView.COMMENTS:
        entries = group_events(_in_order(TicketEvent, TicketEvent.actor, ticket))
        _with_pick_list_items([change for entry in entries for change in entry.changes])
    if view != TimelineView.CHANGES:
        comments = _in_order(Comment, Comment.author, ticket)
        entries += [TimelineEntry(c.created_dt, c.author, comment=c) for c in comments]
    entries.sort(key=lambda entry: entry.created_dt)
    return entries
