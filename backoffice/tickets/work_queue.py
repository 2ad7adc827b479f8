"""My work's ticket sections: each ticket once, in its most urgent section.

The order of urgency, most urgent first:

1. **overdue**: open and past its due date, or its service agreement is breached
   (a coordinator sees every such ticket, anyone else those they own). A promise is
   already broken; nothing waits longer than this.
2. **triage** (coordinators): new or disputed, so nobody owns it yet; every day
   here is a day nobody works on it.
3. **confirm**: resolved, waiting for me as its reporter to confirm; the owner's work is
   done and only I hold it up.
4. **assigned** (owners and coordinators): assigned to me or in progress with me.
5. **reported**: my own open reports, which others work on; for information.

A ticket that meets several reasons shows in the first of them, with the later ones as
small tags ("assigned to me", "reported by me"). The sections load in a fixed number of
statements: one for all counts, one per section for its first tickets (their tags are
columns of the same statement).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, select

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.tickets.deadline import next_deadline_order, overdue
from backoffice.tickets.models import OPEN_STATUSES, Status, Ticket
from backoffice.tickets.queries import rows_of_page


@dataclass
class WorkSection:
    key: str
    total: int
    list_args: dict[str, Any]
    # Each ticket with the keys of the later sections it also belongs to.
    rows: list[tuple[Ticket, list[str]]] = field(default_factory=list)

    @property
    def tickets(self) -> list[Ticket]:
        return [ticket for ticket, _ in self.rows]


@dataclass
class _Reason:
    key: str
    condition: Any
    order: list[Any]
    list_args: dict[str, Any]


def _reasons(user: User, now: datetime | None) -> list[_Reason]:
    """The sections this user has, most urgent first (see the module's docstring)."""
    is_open = Ticket.status.in_(list(OPEN_STATUSES))
    late = overdue(now)  # the one rule: the next deadline (agreed, else due date) is past
    mine = {} if user.is_coordinator else {"owner": user.id}
    reasons = []
    if user.role != user.role.CLERK:
        scope = late if user.is_coordinator else and_(late, Ticket.owner_id == user.id)
        order = [next_deadline_order().asc(), Ticket.created_dt.asc()]
        reasons.append(_Reason("overdue", scope, order, {"overdue": "1", "sort": "due", **mine}))
    if user.is_coordinator:
        triage = Ticket.status.in_([Status.NEW, Status.DISPUTED])
        args = {"status": ["new", "disputed"], "sort": "created"}
        reasons.append(_Reason("triage", triage, [Ticket.created_dt.asc()], args))
    confirm = and_(Ticket.reporter_id == user.id, Ticket.status == Status.RESOLVED)
    args = {"reporter": user.id, "status": ["resolved"]}
    reasons.append(_Reason("confirm", confirm, [Ticket.resolved_dt.asc()], args))
    if user.role != user.role.CLERK:
        assigned = and_(
            Ticket.owner_id == user.id, Ticket.status.in_([Status.ASSIGNED, Status.IN_PROGRESS])
        )
        args = {"owner": user.id, "status": ["assigned", "in_progress"], "sort": "due"}
        reasons.append(_Reason("assigned", assigned, [next_deadline_order().asc()], args))
    reported = and_(Ticket.reporter_id == user.id, is_open)
    args = {"reporter": user.id, "open": "1"}
    reasons.append(_Reason("reported", reported, [Ticket.created_dt.desc()], args))
    return reasons


def _flag(condition: Any) -> Any:
    """1 or 0, never NULL (a NULL due date or owner must not hide a ticket)."""
    return case((condition, 1), else_=0)


def my_work(user: User, limit: int = 10, now: datetime | None = None) -> list[WorkSection]:
    """The start page's ticket sections for `user`, most urgent first, each ticket once."""
    reasons = _reasons(user, now)
    own = [
        and_(reason.condition, *(_flag(earlier.condition) == 0 for earlier in reasons[:i]))
        for i, reason in enumerate(reasons)
    ]
    # One statement, one indexed count per section (a single CASE-sum would read every row).
    counts = db.session.execute(
        select(*(select(func.count()).select_from(Ticket).where(c).scalar_subquery() for c in own))
    ).one()
    flags = [_flag(reason.condition).label(f"is_{reason.key}") for reason in reasons]
    sections = []
    for i, (reason, condition, total) in enumerate(zip(reasons, own, counts, strict=True)):
        section = WorkSection(reason.key, int(total), reason.list_args)
        if total:
            order = [*reason.order, Ticket.id]
            for ticket, *marks in db.session.execute(
                rows_of_page([condition], order, limit, *flags[i + 1 :])
            ).unique():
                tags = [r.key for r, mark in zip(reasons[i + 1 :], marks, strict=True) if mark]
                section.rows.append((ticket, tags))
        sections.append(section)
    return sections
