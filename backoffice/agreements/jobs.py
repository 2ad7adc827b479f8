"""The scheduler's deadline job: mark open tickets at risk or breached, warn once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from backoffice.agreements.sla_state import current_state, set_state
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.org.models import Handoff
from backoffice.tickets.models import OPEN_STATUSES, SlaState, Ticket


def check_deadlines(now: datetime | None = None) -> dict[str, int]:
    """Mark open tickets at risk or breached and warn once. Safe to run twice or in parallel."""
    now = now or utcnow()
    due = or_(
        and_(Ticket.first_response_dt.is_(None), Ticket.response_due_dt <= now),
        Ticket.resolution_due_dt <= now,
        and_(Ticket.sla_state == SlaState.OK, Ticket.sla_risk_dt <= now),
    )
    tickets = (
        db.session.scalars(
            select(Ticket)
            .options(
                joinedload(Ticket.owner),
                joinedload(Ticket.handoff).joinedload(Handoff.default_owner),
            )
            .where(
                Ticket.status.in_(OPEN_STATUSES),
                Ticket.waiting_since_dt.is_(None),
                Ticket.sla_state.in_([SlaState.OK, SlaState.AT_RISK]),
                due,
            )
            .with_for_update(skip_locked=True, of=Ticket)
        )
        .unique()
        .all()
    )
    counts = {"at_risk": 0, "breached": 0}
    for ticket in tickets:
        state = current_state(ticket, now)
        if set_state(ticket, state, now):
            counts[state.value] = counts.get(state.value, 0) + 1
    db.session.commit()
    return counts
