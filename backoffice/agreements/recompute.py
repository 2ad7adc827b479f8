"""Recomputing many tickets' deadlines at once: after an agreement or calendar changes,
and when demo or benchmark data is loaded.

Set-based on purpose: it reads the few columns it needs in one statement,
matches each (handoff, severity, category) once, and writes only the tickets
and columns that changed, in one statement per set of changed columns
(PostgreSQL: the new values as arrays; SQLite: an executemany).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from operator import itemgetter
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY

from backoffice.agreements.business_time import Calendar, business_time_between
from backoffice.agreements.calendars import CalendarBook, calendars_by_function
from backoffice.agreements.deadlines import (
    Terms,
    compute_clock,
    due_stamp,
    match,
    terms_by_handoff,
)
from backoffice.agreements.sla_state import NO_CLOCK, Clock, state_of
from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.tickets.events import current_action_id
from backoffice.tickets.models import (
    OPEN_STATUSES,
    EventKind,
    Severity,
    SlaState,
    Status,
    Ticket,
    TicketEvent,
)

TICKETS = Ticket.__table__
CLOCK_COLUMNS = (
    "agreement_id",
    "response_target_s",
    "resolution_target_s",
    "response_due_dt",
    "resolution_due_dt",
    "sla_risk_dt",
)
WRITTEN = (*CLOCK_COLUMNS, "sla_state")
READ = (
    TICKETS.c.id, TICKETS.c.handoff_id, TICKETS.c.severity, TICKETS.c.category_id,
    TICKETS.c.created_dt, TICKETS.c.paused_s,
    TICKETS.c.first_response_dt.is_not(None).label("responded"),  # only whether: no
    TICKETS.c.waiting_since_dt.is_not(None).label("waiting"),  # timestamps to convert
    *(TICKETS.c[name] for name in WRITTEN),
)  # fmt: skip


def _write(updates: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    """Set `columns` of the tickets given by "b_id" in `updates`, in one statement."""
    if not updates:
        return
    updates = sorted(updates, key=itemgetter("b_id"))  # neighbouring rows share pages
    if db.session.get_bind().dialect.name == "postgresql":
        # An executemany would send one UPDATE per ticket; unnest() joins them all at once.
        names = ("b_id", *columns)
        arrays = (
            bindparam(f"new_{name}", [u[name] for u in updates], type_=ARRAY(_type(name)))
            for name in names
        )
        new = func.unnest(*arrays).table_valued(*names).render_derived()
        stmt = update(TICKETS).where(TICKETS.c.id == new.c.b_id)
        db.session.execute(stmt.values({name: new.c[name] for name in columns}))
        return
    stmt = (
        update(TICKETS)
        .where(TICKETS.c.id == bindparam("b_id"))
        .values({name: bindparam(name) for name in columns})
    )
    db.session.execute(stmt, updates)


def _write_changes(changes: dict[tuple[str, ...], list[dict[str, Any]]]) -> None:
    """One statement per set of changed columns (an agreement change gives one or two):
    a column that is set costs its index upkeep even when its value stays."""
    for columns, updates in changes.items():
        _write(updates, columns)


def _type(name: str) -> Any:
    return TICKETS.c["id" if name == "b_id" else name].type


def _matcher(index: dict[int, list[Terms]]) -> Callable[..., tuple[Terms | None, Calendar]]:
    """The agreement and calendar for a ticket, looked up once per kind of ticket."""
    book = CalendarBook(calendars_by_function())
    seen: dict[tuple[int, Severity, int | None], tuple[Terms | None, Calendar]] = {}

    def choose(
        handoff_id: int, severity: Severity, category_id: int | None
    ) -> tuple[Terms | None, Calendar]:
        key = (handoff_id, severity, category_id)
        if key not in seen:
            terms = match(index.get(handoff_id, []), severity.value, category_id)
            seen[key] = terms, book.for_function(terms.provider_function_id if terms else None)
        return seen[key]

    return choose


def recompute_open_tickets(
    handoff_ids: set[int] | None = None,
    actor: User | None = None,
    note: str = "",
    now: datetime | None = None,
    escalate: bool = False,
) -> int:
    """Recompute the due times of open tickets (of some handoffs); closed ones keep theirs.

    Each changed due time is recorded on the ticket's timeline. Without
    `escalate`, a ticket only goes back to "on track" (or stays breached): the
    deadline job marks and warns, so nobody misses a warning. Returns how many
    open tickets were recomputed (tickets whose deadlines stay are not written).
    The caller commits.
    """
    now = now or utcnow()
    where = [TICKETS.c.status.in_(OPEN_STATUSES)]
    if handoff_ids is not None:
        where.append(TICKETS.c.handoff_id.in_(handoff_ids))
    rows = db.session.execute(select(*READ).where(*where)).all()
    choose = _matcher(terms_by_handoff(handoff_ids))
    share = current_app.config["AT_RISK_SHARE"]
    changes: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    events = []
    action_id = current_action_id()  # who changed the agreement is in the audit log
    for row in rows:  # unpacked once: fields read by name cost as much as the arithmetic
        (ticket_id, handoff_id, severity, category_id, created_dt, paused_s, responded,
         waiting, *before) = row  # fmt: skip
        terms, calendar = choose(handoff_id, severity, category_id)
        clock = compute_clock(created_dt, terms, calendar, paused_s or 0, responded, share)
        old_state = before[-1]
        state = state_of(clock, old_state, True, bool(waiting), bool(responded), now)
        if not escalate and state in (SlaState.AT_RISK, SlaState.BREACHED):
            state = old_state if old_state == SlaState.BREACHED else SlaState.OK
        values = clock.as_dict()
        after = (*(values[name] for name in CLOCK_COLUMNS), state)
        diff = {
            name: new for name, old, new in zip(WRITTEN, before, after, strict=True) if old != new
        }
        if not diff:
            continue
        changes[tuple(diff)].append({"b_id": ticket_id, **diff})
        for name in ("response_due_dt", "resolution_due_dt"):
            if actor is not None and name in diff:
                old = before[WRITTEN.index(name)]
                events.append(
                    {
                        "ticket_id": ticket_id, "actor_id": None, "created_dt": now,
                        "kind": EventKind.FIELD, "field": name, "old_value": due_stamp(old),
                        "new_value": due_stamp(diff[name]), "note": note,
                        "action_id": action_id, "is_system": True,
                    }
                )  # fmt: skip
    _write_changes(changes)
    if events:
        db.session.execute(insert(TicketEvent), events)
    db.session.expire_all()
    return len(rows)


def measure_history(now: datetime | None = None) -> int:
    """Give every ticket (closed ones too) the deadlines and outcome it would have had.

    For loaded demo and benchmark data: the first response is the first status
    change by someone other than the reporter, and no ticket ever waited.
    """
    now = now or utcnow()
    first_moves = (
        select(TicketEvent.ticket_id, func.min(TicketEvent.created_dt).label("at"))
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.kind == EventKind.STATUS, TicketEvent.actor_id != Ticket.reporter_id)
        .group_by(TicketEvent.ticket_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Ticket.id, Ticket.status, Ticket.handoff_id, Ticket.severity, Ticket.category_id,
            Ticket.created_dt, Ticket.resolved_dt, Ticket.closed_dt, first_moves.c.at,
        ).outerjoin(first_moves, first_moves.c.ticket_id == Ticket.id)
    ).all()  # fmt: skip
    choose = _matcher(terms_by_handoff())
    share = current_app.config["AT_RISK_SHARE"]
    updates = []
    for row in rows:
        terms, calendar = choose(row.handoff_id, row.severity, row.category_id)
        clock = compute_clock(row.created_dt, terms, calendar, 0, row.at is not None, share)
        values: dict[str, Any] = clock.as_dict() | {
            "first_response_dt": row.at, "response_s": None, "resolution_s": None,
            "sla_state": SlaState.NONE, "sla_outcome_dt": None, "paused_s": 0,
        }  # fmt: skip
        if clock is not NO_CLOCK:
            _outcome(row, values, calendar, now)
        updates.append({"b_id": row.id, **values})
    _write(updates, tuple(k for k in updates[0] if k != "b_id") if updates else ())
    db.session.expire_all()
    return len(updates)


def _outcome(row: Any, values: dict[str, Any], calendar: Any, now: datetime) -> None:
    def elapsed(until: datetime) -> int:
        return int(business_time_between(row.created_dt, until, calendar).total_seconds())

    if row.at is not None:
        values["response_s"] = elapsed(row.at)
    response_late = (
        values["response_s"] > values["response_target_s"]
        if row.at is not None
        else values["response_due_dt"] <= now
    )
    if row.status in (Status.REJECTED, Status.DUPLICATE):
        return
    resolved = row.resolved_dt or (row.closed_dt if row.status == Status.CLOSED else None)
    if resolved is not None:
        values["resolution_s"] = elapsed(resolved)
        late = response_late or values["resolution_s"] > values["resolution_target_s"]
        values["sla_state"] = SlaState.BREACHED if late else SlaState.MET
        missed = values["response_due_dt"] if response_late else values["resolution_due_dt"]
        values["sla_outcome_dt"] = min(missed, resolved) if late else resolved
        return
    clock = Clock(*(values[name] for name in CLOCK_COLUMNS))
    is_open = row.status in OPEN_STATUSES
    values["sla_state"] = state_of(clock, SlaState.OK, is_open, False, row.at is not None, now)
    if values["sla_state"] == SlaState.BREACHED:
        values["sla_outcome_dt"] = min(values["resolution_due_dt"], values["response_due_dt"])
