"""Recomputing many tickets' deadlines at once: after an agreement or calendar changes,
and when demo or benchmark data is loaded.

Set-based on purpose: it reads the few columns it needs in one statement and
writes with one executemany, so 10,000 open tickets take well under a second.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, func, insert, select, update

from backoffice.agreements.business_time import business_time_between
from backoffice.agreements.calendars import CalendarBook, calendars_by_function
from backoffice.agreements.deadlines import (
    NO_CLOCK,
    _stamp,
    compute_clock,
    current_state,
    match,
    terms_by_handoff,
)
from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.tickets.models import (
    OPEN_STATUSES,
    EventKind,
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


def _write(updates: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    if not updates:
        return
    stmt = (
        update(TICKETS)
        .where(TICKETS.c.id == bindparam("b_id"))
        .values({name: bindparam(name) for name in columns})
    )
    db.session.execute(stmt, updates)


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
    deadline job marks and warns, so nobody misses a warning. The caller commits.
    """
    now = now or utcnow()
    where = [Ticket.status.in_(OPEN_STATUSES)]
    if handoff_ids is not None:
        where.append(Ticket.handoff_id.in_(handoff_ids))
    rows = db.session.execute(
        select(
            Ticket.id, Ticket.status, Ticket.handoff_id, Ticket.severity, Ticket.category_id,
            Ticket.created_dt, Ticket.paused_s, Ticket.first_response_dt, Ticket.sla_state,
            Ticket.waiting_since_dt, Ticket.response_due_dt, Ticket.resolution_due_dt,
        ).where(*where)
    ).all()  # fmt: skip
    index = terms_by_handoff(handoff_ids)
    book = CalendarBook(calendars_by_function())
    share = current_app.config["AT_RISK_SHARE"]
    updates, events = [], []
    for row in rows:
        terms = match(index.get(row.handoff_id, []), row.severity.value, row.category_id)
        clock = compute_clock(
            row.created_dt,
            terms,
            book.for_function(terms.provider_function_id if terms else None),
            row.paused_s or 0,
            row.first_response_dt is not None,
            share,
        )
        values = clock.as_dict()
        ticket = SimpleNamespace(**(row._asdict() | values))
        state = current_state(ticket, now)
        if not escalate and state in (SlaState.AT_RISK, SlaState.BREACHED):
            state = row.sla_state if row.sla_state == SlaState.BREACHED else SlaState.OK
        updates.append({"b_id": row.id, **values, "sla_state": state})
        for name in ("response_due_dt", "resolution_due_dt"):
            if actor is not None and getattr(row, name) != values[name]:
                events.append(
                    {
                        "ticket_id": row.id, "actor_id": actor.id, "created_dt": now,
                        "kind": EventKind.FIELD, "field": name, "old_value": _stamp(getattr(row, name)),
                        "new_value": _stamp(values[name]), "note": note,
                    }
                )  # fmt: skip
    _write(updates, (*CLOCK_COLUMNS, "sla_state"))
    if events:
        db.session.execute(insert(TicketEvent), events)
    db.session.expire_all()
    return len(updates)


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
    index = terms_by_handoff()
    book = CalendarBook(calendars_by_function())
    share = current_app.config["AT_RISK_SHARE"]
    updates = []
    for row in rows:
        terms = match(index.get(row.handoff_id, []), row.severity.value, row.category_id)
        calendar = book.for_function(terms.provider_function_id if terms else None)
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
    ticket = SimpleNamespace(
        **(values | {"status": row.status, "sla_state": SlaState.OK, "waiting_since_dt": None})
    )
    values["sla_state"] = current_state(ticket, now)
    if values["sla_state"] == SlaState.BREACHED:
        values["sla_outcome_dt"] = min(values["resolution_due_dt"], values["response_due_dt"])
