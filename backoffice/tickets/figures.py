"""What each figure counts: the one definition every page, export and printout reads.

A quarter (or month) is a half-open UTC interval cut in the organisation's zone
(`Quarter.bounds`). Rejected tickets (not a defect) and duplicates (counted once,
under the ticket they repeat) are left out of every figure, by their current status:

- **reported** in a period: created in it;
- **resolved** in a period: resolution confirmed or proposed (`resolved_dt`) in it;
- **open at the end** of a period: reported before its end and not resolved by then;
- **financial impact**: the impact of the tickets reported in the period, per currency;
- **fixed for good** in a period: closed in it, the reporter answering "Is the defect
  gone?" with yes (`defect_gone_in`), out of those closed in it with an answer
  (`effectiveness_answered_in`).

The conditions are SQL, so each caller keeps its own statement (and its index
range: `created_dt`, `resolved_dt`) and only adds these terms; `status IN (...)`
rather than `NOT IN` lets PostgreSQL read (status, created_dt) entries per status.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_

from backoffice.i18n import lazy_gettext as _l
from backoffice.i18n import org_timezone_name
from backoffice.tickets.models import Status, Ticket

NOT_COUNTED = frozenset({Status.REJECTED, Status.DUPLICATE})
COUNTED_STATUSES = tuple(s for s in Status if s not in NOT_COUNTED)

# The one line each page of figures shows under its title.
WHAT_IS_COUNTED = _l(
    "Counts tickets reported or resolved in the period, rejected tickets and duplicates "
    "excluded; times in %(zone)s."
)


def counted() -> Any:
    """The tickets any figure counts: all but the rejected ones and the duplicates."""
    return Ticket.status.in_(COUNTED_STATUSES)


def reported_in(start: datetime, end: datetime) -> list[Any]:
    """Tickets reported in [start, end)."""
    return [counted(), Ticket.created_dt >= start, Ticket.created_dt < end]


def resolved_in(start: datetime, end: datetime) -> list[Any]:
    """Tickets resolved in [start, end)."""
    return [counted(), Ticket.resolved_dt >= start, Ticket.resolved_dt < end]


def open_at(end: datetime) -> list[Any]:
    """Tickets open at `end`: reported before it and not resolved by then."""
    return [
        counted(),
        Ticket.created_dt < end,
        or_(Ticket.resolved_dt.is_(None), Ticket.resolved_dt >= end),
    ]


def effectiveness_answered_in(start: datetime, end: datetime) -> list[Any]:
    """Tickets closed in [start, end) whose reporter said whether the defect is gone."""
    return [
        counted(),
        Ticket.closed_dt >= start,
        Ticket.closed_dt < end,
        Ticket.defect_gone.is_not(None),
    ]


def defect_gone_in(start: datetime, end: datetime) -> list[Any]:
    """Tickets closed in [start, end) whose reporter said the defect is gone."""
    return [*effectiveness_answered_in(start, end), Ticket.defect_gone.is_(True)]


def counting_note() -> str:
    """The line under each page of figures that says what it counts."""
    return str(WHAT_IS_COUNTED) % {"zone": org_timezone_name()}
