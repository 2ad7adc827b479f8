"""Due times on tickets: matched from the service agreements, counted in business time.

Run when the ticket core announces a report, an edit, a comment or a move (see
`listeners.py`); nothing here commits. A ticket keeps the targets
it was measured against (in business seconds), so a closed ticket is never
re-measured when an agreement changes later; open tickets are.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select

from backoffice.agreements.business_time import (
    BusinessTimeFrom,
    Calendar,
    NoWorkingTime,
    business_time_between,
)
from backoffice.agreements.calendars import calendar_of
from backoffice.agreements.models import Agreement, Service, TargetUnit, service_handoffs
from backoffice.agreements.sla_state import NO_CLOCK, Clock, current_state, set_state
from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.tickets.events import record_event
from backoffice.tickets.models import EventKind, SlaState, Status, Ticket

log = logging.getLogger(__name__)


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
    try:
        return _clock(start, terms, calendar, paused_s, responded, share, targets)
    except NoWorkingTime:  # a due time must never stop a ticket from being saved
        log.exception(
            "Agreement %s does not fit the calendar %r: the ticket gets no due time",
            terms.agreement_id,
            calendar,
        )
        return NO_CLOCK


def _clock(
    start: datetime,
    terms: Terms,
    calendar: Calendar,
    paused_s: int,
    responded: bool,
    share: float,
    targets: tuple[int, int] | None,
) -> Clock:
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


def target_fits(target: tuple[int, TargetUnit], calendar: Calendar, start: datetime) -> bool:
    """Whether a target counted from `start` ends within the years the calendar is searched.

    A target of 8,760 business hours needs about nine years of a 09:00-13:00 calendar:
    the catalogue refuses it when saved rather than fail every report later.
    """
    since = BusinessTimeFrom(start, calendar)
    try:
        since.after_us(target_seconds(since, target) * 1_000_000)
    except NoWorkingTime:
        return False
    return True


# Set while many tickets are reported at once (a bulk import): the agreements and
# calendars read once, not once per ticket. Nothing changes them meanwhile: the import
# only adds tickets.
_FIXED: ContextVar[tuple[dict[int, list[Terms]], dict[int | None, Any]] | None] = ContextVar(
    "agreements_fixed", default=None
)


@contextmanager
def agreements_fixed() -> Iterator[None]:
    """Within: `apply_agreement` reads agreements and calendars from one read of each."""
    token = _FIXED.set((terms_by_handoff(), {}))
    try:
        yield
    finally:
        _FIXED.reset(token)


def _terms_and_calendar(handoff_id: int, severity: str, category_id: int | None) -> tuple[Any, Any]:  # fmt: skip
    fixed = _FIXED.get()
    terms = fixed[0] if fixed else terms_by_handoff({handoff_id})
    found = match(terms.get(handoff_id, []), severity, category_id)
    provider = found.provider_function_id if found else None
    if fixed is None:
        return found, calendar_of(provider)
    if provider not in fixed[1]:
        fixed[1][provider] = calendar_of(provider)
    return found, fixed[1][provider]


def apply_agreement(ticket: Ticket, now: datetime | None = None) -> None:
    """(Re)compute an open ticket's due times from the agreement that matches it now."""
    if ticket.status is None:  # a new ticket before its first flush
        ticket.status, ticket.sla_state, ticket.paused_s = Status.NEW, SlaState.NONE, 0
    if not ticket.is_open:
        return
    now = now or utcnow()
    found, calendar = _terms_and_calendar(
        ticket.handoff.id,
        ticket.severity.value,
        ticket.category.id if ticket.category else ticket.category_id,
    )
    clock = compute_clock(
        ticket.created_dt or now,
        found,
        calendar,
        ticket.paused_s or 0,
        ticket.first_response_dt is not None,
        current_app.config["AT_RISK_SHARE"],
    )
    _set_clock(ticket, clock)
    set_state(ticket, current_state(ticket, now), now)


def _set_clock(ticket: Ticket, clock: Clock) -> None:
    """New due times; a changed one goes on the timeline as the system's, not the actor's."""
    for name, value in clock.as_dict().items():
        old = getattr(ticket, name)
        if name in ("response_due_dt", "resolution_due_dt") and old != value and ticket.id:
            record_event(
                ticket, None, EventKind.FIELD, name, due_stamp(old), due_stamp(value), system=True
            )
        setattr(ticket, name, value)


def due_stamp(value: datetime | None) -> str:
    """Stored on the timeline as ISO 8601; the timeline shows it in the reader's format."""
    return value.isoformat(timespec="minutes") if value else ""


def _elapsed_s(ticket: Ticket, until: datetime) -> int:
    """Business seconds from report to `until`, without the time spent waiting."""
    calendar = _calendar_for_ticket(ticket)
    worked = business_time_between(ticket.created_dt, until, calendar).total_seconds()
    return max(int(worked) - (ticket.paused_s or 0), 0)


def _calendar_for_ticket(ticket: Ticket) -> Calendar:
    agreement = db.session.get(Agreement, ticket.agreement_id) if ticket.agreement_id else None
    return calendar_of(agreement.service.provider_function_id if agreement else None)


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
    _set_clock(ticket, clock)


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
