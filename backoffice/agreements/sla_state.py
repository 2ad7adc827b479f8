"""Where a ticket stands against its agreement: its clock and the state that follows from it.

Both the request-time deadline code (`deadlines.py`) and the scheduler's job
(`jobs.py`) move tickets between states; this is the one place that decides
which state a clock means and that warns when a ticket becomes at risk or breached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backoffice.agreements.signals import deadline_at_risk, deadline_breached
from backoffice.agreements.sla_mails import notify_sla_event
from backoffice.tickets.models import OPEN_STATUSES, SlaState, Ticket


@dataclass
class Clock:
    """The deadline columns of a ticket, computed together."""

    agreement_id: int | None
    response_target_s: int | None
    resolution_target_s: int | None
    response_due_dt: datetime | None
    resolution_due_dt: datetime | None
    sla_risk_dt: datetime | None

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


NO_CLOCK = Clock(None, None, None, None, None, None)


def current_state(ticket: Ticket, now: datetime) -> SlaState:
    """What the ticket's state should be now (breached stays breached: the history is kept)."""
    clock = Clock(
        ticket.agreement_id, None, None,
        ticket.response_due_dt, ticket.resolution_due_dt, ticket.sla_risk_dt,
    )  # fmt: skip
    return state_of(
        clock,
        ticket.sla_state,
        is_open=ticket.status in OPEN_STATUSES,
        waiting=ticket.waiting_since_dt is not None,
        responded=ticket.first_response_dt is not None,
        now=now,
    )


def state_of(
    clock: Clock, sla_state: SlaState, is_open: bool, waiting: bool, responded: bool, now: datetime
) -> SlaState:
    """`current_state` from a ticket's clock and the facts it depends on (for bulk work)."""
    if clock.agreement_id is None or clock.resolution_due_dt is None:
        return SlaState.NONE
    if sla_state in (SlaState.BREACHED, SlaState.MET) or not is_open:
        return sla_state
    if waiting:  # the clock is paused
        return sla_state if sla_state != SlaState.NONE else SlaState.OK
    late_response = not responded and clock.response_due_dt <= now
    if late_response or clock.resolution_due_dt <= now:
        return SlaState.BREACHED
    if clock.sla_risk_dt is not None and clock.sla_risk_dt <= now:
        return SlaState.AT_RISK
    return SlaState.OK


def set_state(ticket: Ticket, state: SlaState, now: datetime, notify: bool = True) -> bool:
    """Move the ticket to `state`; becoming at risk or breached notifies once (outbox)."""
    if ticket.sla_state == state:
        return False
    ticket.sla_state = state
    if state == SlaState.BREACHED:
        ticket.sla_outcome_dt = now
    elif state != SlaState.MET:
        ticket.sla_outcome_dt = None
    if notify and state in (SlaState.AT_RISK, SlaState.BREACHED):
        notify_sla_event(ticket, state)
        signal = deadline_at_risk if state == SlaState.AT_RISK else deadline_breached
        signal.send(ticket, now=now)
    return True
