"""Deadlines follow the ticket core: what it announces (`backoffice.signals`) moves the clock.

The ticket core never imports agreements; it sends a signal and these receivers,
connected once by `init_agreements`, do the deadline work inside the same
transaction. A due time that cannot be computed (an agreement whose target does not
fit its calendar) is logged and left out by `deadlines.compute_clock`: the ticket is
saved all the same.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from backoffice import signals
from backoffice.agreements.deadlines import apply_agreement, note_reaction, on_status_change
from backoffice.auth.models import User
from backoffice.tickets.models import Comment, Status, Ticket

# A change to any of these can match another agreement.
MATCHED_ON = frozenset({"handoff", "severity", "category"})


def on_ticket_reported(ticket: Ticket, *, actor: User, at: datetime, **_: Any) -> None:
    apply_agreement(ticket, at)


def on_ticket_edited(ticket: Ticket, *, actor: User, changed: list[str], **_: Any) -> None:
    if MATCHED_ON & set(changed):
        apply_agreement(ticket)


def on_ticket_commented(ticket: Ticket, *, actor: User, comment: Comment, **_: Any) -> None:
    note_reaction(ticket, actor, None, comment.created_dt)


def on_ticket_moved(ticket: Ticket, *, actor: User, old: Status, new: Status, **_: Any) -> None:
    on_status_change(ticket, actor, old, new)


def connect_listeners() -> None:
    """Safe to call for every app the factory builds: blinker connects a function once."""
    signals.ticket_reported.connect(on_ticket_reported)
    signals.ticket_edited.connect(on_ticket_edited)
    signals.ticket_commented.connect(on_ticket_commented)
    signals.ticket_moved.connect(on_ticket_moved)
