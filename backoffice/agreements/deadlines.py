"""Due times on tickets: matched from the service agreements, counted in business time.

Called by the ticket service (report, edit) and the workflow (first response,
waiting, resolve, reopen); nothing here commits. A ticket keeps the targets
it was measured against (in business seconds), so a closed ticket is never
re-measured when an agreement changes later; open tickets are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from backoffice.agreements.business_time import (
    BusinessTimeFrom,
    Calendar,
    business_time_between,
)
from backoffice.agreements.calendars import CalendarBook, calendars_by_function
from backoffice.agreements.models import Agreement, Service, TargetUnit, service_handoffs
from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.tickets.models import OPEN_STATUSES, EventKind, SlaState, Status, Ticket


@dataclass(frozen=True)
class Terms:
    """An agreement flattened for matching: which handoff, severity, category, which targets."""

    agreement_id: int
    provider_function_id: int
    severity: str | None
    category_id: int | None
    response: tuple[int, TargetUnit]
    resolution: tuple[int, TargetUnit]

    @property
    def specificity(self) -> int:
        return (2 if self.category_id else 0) + (1 if self.severity else 0)

    def applies(self, severity: str, category_id: int | None) -> bool:
        return (self.severity is None or self.severity == severity) and (
            self.category_id is None or self.category_id == category_id
        )


def terms_by_handoff(handoff_ids: set[int] | None = None) -> dict[int, list[Terms]]:
    """The active agreements of every handoff, in one statement."""
    stmt = (
        select(service_handoffs.c.handoff_id, Agreement, Service.provider_function_id)
        .join(Service, Service.id == service_handoffs.c.service_id)
        .join(Agreement, Agreement.service_id == Service.id)
        .where(Service.is_active.is_(True))
    )
    if handoff_ids is not None:
        stmt = stmt.where(service_handoffs.c.handoff_id.in_(handoff_ids))
    index: dict[int, list[Terms]] = defaultdict(list)
    for handoff_id, agreement, provider_id in db.session.execute(stmt):
        index[handoff_id].append(
            Terms(
                agreement.id,
                provider_id,
                agreement.severity.value if agreement.severity else None,
                agreement.category_id,
                (agreement.response_amount, agreement.response_unit),
                (agreement.resolution_amount, agreement.resolution_unit),
            )
        )
    return index


def match(terms: list[Terms], severity: str, category_id: int | None) -> Terms | None:
    """The most specific agreement for the ticket (category beats severity beats "any")."""
    candidates = [t for t in terms if t.applies(severity, category_id)]
    return max(candidates, key=lambda t: (t.specificity, -t.agreement_id), default=None)


def target_seconds(since: BusinessTimeFrom, target: tuple[int, TargetUnit]) -> int:
    """A target as business seconds from the report: day targets end at a closing time."""
    amount, unit = target
    if unit == TargetUnit.HOURS:
        return amount * 3600
    return int(since.until_closing(amount if unit == TargetUnit.DAYS else 0).total_seconds())


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


def compute_clock(
    start: datetime,
    terms: Terms | None,
    calendar: Calendar,
    paused_s: int,
    responded: bool,
    share: float,
    targets: tuple[int, int] | None = None,
) -> Clock:
    """Due times after `paused_s` seconds of waiting; `targets` reuses known targets."""
    if terms is None:
        return NO_CLOCK
    since = BusinessTimeFrom(start, calendar)
    if targets is None:
        targets = (target_seconds(since, terms.response), target_seconds(since, terms.resolution))
    response_s, resolution_s = targets

    # At risk once `share` of the first target still open is used up (adding business
    # time never goes backwards, so the earlier target gives the earlier moment).
    risk_s = share * (resolution_s if responded else min(response_s, resolution_s))

    def at(seconds: float) -> datetime:
        return since.after_us(round((seconds + paused_s) * 1_000_000))

    return Clock(
        terms.agreement_id, response_s, resolution_s, at(response_s), at(resolution_s), at(risk_s)
    )


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
        from backoffice.agreements.notify import notify_sla_event

        notify_sla_event(ticket, state)
    return True


def _calendar_for(terms: Terms | None) -> Calendar:
    book = CalendarBook(calendars_by_function({terms.provider_function_id} if terms else set()))
    return book.for_function(terms.provider_function_id if terms else None)


def apply_agreement(ticket: Ticket, actor: User | None = None, now: datetime | None = None) -> None:
    """(Re)compute an open ticket's due times from the agreement that matches it now."""
    if ticket.status is None:  # a new ticket before its first flush
        ticket.status, ticket.sla_state, ticket.paused_s = Status.NEW, SlaState.NONE, 0
    if not ticket.is_open:
        return
    now = now or utcnow()
    found = match(
        terms_by_handoff({ticket.handoff.id}).get(ticket.handoff.id, []),
        ticket.severity.value,
        ticket.category.id if ticket.category else ticket.category_id,
    )
    clock = compute_clock(
        ticket.created_dt or now,
        found,
        _calendar_for(found),
        ticket.paused_s or 0,
        ticket.first_response_dt is not None,
        current_app.config["AT_RISK_SHARE"],
    )
    _set_clock(ticket, clock, actor)
    set_state(ticket, current_state(ticket, now), now)


def _set_clock(ticket: Ticket, clock: Clock, actor: User | None) -> None:
    from backoffice.tickets.events import record_event

    for name, value in clock.as_dict().items():
        old = getattr(ticket, name)
        if name in ("response_due_dt", "resolution_due_dt") and old != value and ticket.id:
            record_event(ticket, actor, EventKind.FIELD, name, _stamp(old), _stamp(value))
        setattr(ticket, name, value)


def _stamp(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def _elapsed_s(ticket: Ticket, until: datetime) -> int:
    """Business seconds from report to `until`, without the time spent waiting."""
    calendar = _calendar_for_ticket(ticket)
    worked = business_time_between(ticket.created_dt, until, calendar).total_seconds()
    return max(int(worked) - (ticket.paused_s or 0), 0)


def _calendar_for_ticket(ticket: Ticket) -> Calendar:
    agreement = db.session.get(Agreement, ticket.agreement_id) if ticket.agreement_id else None
    function_id = agreement.service.provider_function_id if agreement else None
    return CalendarBook(
        calendars_by_function({function_id} if function_id else set())
    ).for_function(function_id)


def note_reaction(ticket: Ticket, actor: User, target: Status | None, now: datetime) -> None:
    """The first reaction by the owner (or anyone but the reporter asking or resolving)."""
    if ticket.first_response_dt is not None or ticket.agreement_id is None:
        return
    if actor.id == ticket.reporter_id:
        return
    if actor.id == ticket.owner_id or target in (Status.WAITING, Status.RESOLVED):
        ticket.first_response_dt = now
        ticket.response_s = _elapsed_s(ticket, now)


def on_status_change(ticket: Ticket, actor: User, old: Status, new: Status) -> None:
    """Pause, resume, measure or reset the clock as the workflow moves the ticket."""
    if ticket.agreement_id is None:
        return
    now = utcnow()
    note_reaction(ticket, actor, new, now)
    if new == Status.WAITING:
        ticket.waiting_since_dt = now
        return
    if old == Status.WAITING and ticket.waiting_since_dt is not None:
        calendar = _calendar_for_ticket(ticket)
        paused = business_time_between(ticket.waiting_since_dt, now, calendar)
        ticket.paused_s = (ticket.paused_s or 0) + int(paused.total_seconds())
        ticket.waiting_since_dt = None
        _reclock(ticket, calendar)
    if new == Status.RESOLVED:
        _measure_resolution(ticket, now)
    elif new in (Status.REJECTED, Status.DUPLICATE):
        set_state(ticket, SlaState.NONE, now)
    elif old in (Status.RESOLVED, Status.CLOSED):  # reopened: the original clock runs on
        ticket.resolution_s = None
        if ticket.sla_state == SlaState.MET:
            ticket.sla_state = SlaState.OK
            ticket.sla_outcome_dt = None
        set_state(ticket, current_state(ticket, now), now)
    else:
        set_state(ticket, current_state(ticket, now), now)


def _reclock(ticket: Ticket, calendar: Calendar) -> None:
    clock = compute_clock(
        ticket.created_dt,
        Terms(ticket.agreement_id, 0, None, None, (0, TargetUnit.HOURS), (0, TargetUnit.HOURS)),
        calendar,
        ticket.paused_s or 0,
        ticket.first_response_dt is not None,
        current_app.config["AT_RISK_SHARE"],
        targets=(ticket.response_target_s or 0, ticket.resolution_target_s or 0),
    )
    _set_clock(ticket, clock, None)


def _measure_resolution(ticket: Ticket, now: datetime) -> None:
    ticket.resolution_s = _elapsed_s(ticket, now)
    met = (
        ticket.sla_state != SlaState.BREACHED
        and (ticket.response_s or 0) <= (ticket.response_target_s or 0)
        and ticket.resolution_s <= (ticket.resolution_target_s or 0)
    )
    if met:
        ticket.sla_state = SlaState.MET
        ticket.sla_outcome_dt = now
    else:
        set_state(ticket, SlaState.BREACHED, now, notify=False)  # done: nobody to warn
