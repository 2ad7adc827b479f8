"""A ticket's next deadline, and "overdue": one rule for every page that shows one.

Where a service agreement covers a ticket, its agreed times count: the first reply
is due until the owner has reacted, then the resolution. Otherwise the manual due
date counts (set on the business calendar, see `rules.default_due_date`). A ticket
is overdue when it is open and that deadline is past: an agreed time at the present
moment, a due date on the organisation's today. While a covered ticket waits for
information its clock is paused and nothing is overdue.

The list, My work, the ticket page and the agenda all ask `next_deadline` (for one
ticket or row) and `overdue` / `next_deadline_order` (the same rule as SQL).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, null, or_

from backoffice.i18n import org_day
from backoffice.models import utcnow
from backoffice.tickets.models import OPEN_STATUSES, Ticket


class DeadlineKind(enum.StrEnum):
    REPLY = "reply"  # the agreed first reply
    RESOLUTION = "resolution"  # the agreed resolution
    DUE_DATE = "due_date"  # no agreement: the manual due date


@dataclass(frozen=True)
class NextDeadline:
    kind: DeadlineKind
    due: datetime | date  # a time for agreed deadlines, a day for a manual due date
    is_past: bool  # open and past: the ticket is overdue (breached, for an agreement)
    is_paused: bool = False  # waiting for information: the agreement's clock stands still

    @property
    def is_agreed(self) -> bool:
        return self.kind != DeadlineKind.DUE_DATE


def is_covered(ticket: Any) -> bool:
    """An agreement covers the ticket and has set its due times."""
    return ticket.agreement_id is not None and ticket.resolution_due_dt is not None


def next_deadline(ticket: Any, now: datetime | None = None) -> NextDeadline | None:
    """The deadline an open ticket (a `Ticket` or a row with its columns) works towards."""
    if ticket.status not in OPEN_STATUSES:
        return None
    now = now or utcnow()
    if is_covered(ticket):
        paused = ticket.waiting_since_dt is not None
        if ticket.first_response_dt is None and ticket.response_due_dt is not None:
            kind, due = DeadlineKind.REPLY, ticket.response_due_dt
        else:
            kind, due = DeadlineKind.RESOLUTION, ticket.resolution_due_dt
        return NextDeadline(kind, due, not paused and due <= now, paused)
    if ticket.due_date is None:
        return None
    return NextDeadline(DeadlineKind.DUE_DATE, ticket.due_date, ticket.due_date < org_day(now))


def is_overdue(ticket: Any, now: datetime | None = None) -> bool:
    deadline = next_deadline(ticket, now)
    return deadline is not None and deadline.is_past


def overdue_since(deadline: NextDeadline | None) -> date | None:
    """The organisation's day the deadline passed, for a line that says "overdue since"."""
    if deadline is None or not deadline.is_past:
        return None
    return org_day(deadline.due) if isinstance(deadline.due, datetime) else deadline.due


# What `next_deadline` reads besides the status: select these to ask it about a row.
DEADLINE_COLUMNS = (
    Ticket.agreement_id,
    Ticket.response_due_dt,
    Ticket.resolution_due_dt,
    Ticket.first_response_dt,
    Ticket.waiting_since_dt,
    Ticket.due_date,
)


def _covered() -> ColumnElement[bool]:
    return and_(Ticket.agreement_id.is_not(None), Ticket.resolution_due_dt.is_not(None))


def overdue(now: datetime | None = None) -> ColumnElement[bool]:
    """`is_overdue` as SQL. Open statuses come first, so the (status, …) indexes narrow it."""
    now = now or utcnow()
    agreed_past = or_(
        and_(Ticket.first_response_dt.is_(None), Ticket.response_due_dt <= now),
        Ticket.resolution_due_dt <= now,  # never before the reply's due time
    )
    return and_(
        Ticket.status.in_(OPEN_STATUSES),
        or_(
            and_(
                or_(Ticket.agreement_id.is_(None), Ticket.resolution_due_dt.is_(None)),
                Ticket.due_date < org_day(now),
            ),
            and_(_covered(), Ticket.waiting_since_dt.is_(None), agreed_past),
        ),
    )


def next_deadline_order() -> Any:
    """The next deadline as a sort key: closed tickets and those without one sort last.

    A manual due date sorts as the start of its day, beside the agreed times.
    """
    return case(
        (Ticket.status.not_in(OPEN_STATUSES), null()),
        (
            and_(
                _covered(), Ticket.first_response_dt.is_(None), Ticket.response_due_dt.is_not(None)
            ),
            Ticket.response_due_dt,
        ),
        (_covered(), Ticket.resolution_due_dt),
        else_=Ticket.due_date,
    )
