"""The ticket state machine: the only code that changes a ticket's status.

Every move checks who may make it from the current status, records an event
(who, when, from, to, why) and commits. Views ask `allowed_actions` which
buttons to show, and the same rules refuse a forged request with 403.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

from backoffice.agreements import deadlines
from backoffice.auth.models import Role, User
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.tickets.events import apply_changes, record_event
from backoffice.tickets.models import (
    OPEN_STATUSES,
    EventKind,
    LinkKind,
    PickListItem,
    Status,
    Ticket,
    TicketLink,
)


class Action(enum.StrEnum):
    EDIT = "edit"
    ASSIGN = "assign"
    START = "start"
    DISPUTE = "dispute"
    RESOLVE = "resolve"
    CLOSE = "close"
    REOPEN = "reopen"
    REJECT = "reject"
    MARK_DUPLICATE = "duplicate"
    COMMENT = "comment"
    ATTACH = "attach"
    LINK = "link"
    ASK = "ask"
    ANSWER = "answer"
    RESUME = "resume"


# Action → (statuses it may start from, status it leads to). None: status unchanged.
TRANSITIONS: dict[Action, tuple[frozenset[Status], Status | None]] = {
    Action.EDIT: (OPEN_STATUSES, None),
    Action.ASSIGN: (OPEN_STATUSES, Status.ASSIGNED),
    Action.START: (frozenset({Status.ASSIGNED}), Status.IN_PROGRESS),
    Action.DISPUTE: (frozenset({Status.ASSIGNED, Status.IN_PROGRESS}), Status.DISPUTED),
    Action.RESOLVE: (frozenset({Status.ASSIGNED, Status.IN_PROGRESS}), Status.RESOLVED),
    Action.CLOSE: (frozenset({Status.RESOLVED}), Status.CLOSED),
    Action.REOPEN: (frozenset({Status.RESOLVED, Status.CLOSED}), Status.IN_PROGRESS),
    Action.REJECT: (OPEN_STATUSES, Status.REJECTED),
    Action.MARK_DUPLICATE: (OPEN_STATUSES, Status.DUPLICATE),
    Action.COMMENT: (frozenset(Status), None),
    Action.ATTACH: (frozenset(Status), None),
    Action.LINK: (frozenset(Status), None),
    # Waiting for information from the reporter pauses the service clock.
    Action.ASK: (frozenset({Status.ASSIGNED, Status.IN_PROGRESS}), Status.WAITING),
    Action.ANSWER: (frozenset({Status.WAITING}), Status.IN_PROGRESS),
    Action.RESUME: (frozenset({Status.WAITING}), Status.IN_PROGRESS),
}


class ActionNotAllowed(Exception):
    """The user may not do this to this ticket (HTTP 403)."""


class WrongStatus(Exception):
    """The action does not fit the ticket's current status (someone was faster)."""


class ChangedMeanwhile(Exception):
    """The ticket changed since the form was opened (optimistic locking)."""


def is_permitted(user: User, action: Action, ticket: Ticket) -> bool:
    is_coordinator = user.has_role(Role.COORDINATOR)
    is_owner = ticket.owner_id is not None and ticket.owner_id == user.id
    is_reporter = ticket.reporter_id == user.id
    match action:
        case Action.ASSIGN | Action.REJECT | Action.MARK_DUPLICATE:
            return is_coordinator
        case Action.START | Action.DISPUTE:
            return is_owner
        case Action.RESOLVE | Action.ASK | Action.RESUME:
            return is_owner or is_coordinator
        case Action.ANSWER:
            return is_reporter
        case Action.CLOSE:
            return is_reporter or is_coordinator
        case Action.REOPEN | Action.LINK:
            return is_reporter or is_owner or is_coordinator
        case Action.EDIT:
            return is_coordinator or is_owner or (is_reporter and ticket.status == Status.NEW)
        case Action.COMMENT | Action.ATTACH:
            return True
    return False


def can(user: User, action: Action, ticket: Ticket) -> bool:
    allowed_from, _target = TRANSITIONS[action]
    return ticket.status in allowed_from and is_permitted(user, action, ticket)


def allowed_actions(user: User, ticket: Ticket) -> frozenset[Action]:
    return frozenset(action for action in Action if can(user, action, ticket))


def check(user: User, action: Action, ticket: Ticket, expected_version: int | None = None) -> None:
    """Raise unless `user` may do `action` now; the view turns this into 403 or a message."""
    if not is_permitted(user, action, ticket):
        raise ActionNotAllowed(action)
    if ticket.status not in TRANSITIONS[action][0]:
        raise WrongStatus(action)
    if expected_version is not None and expected_version != ticket.version:
        raise ChangedMeanwhile()


def _move(ticket: Ticket, actor: User, action: Action, note: str = "") -> None:
    target = TRANSITIONS[action][1]
    assert target is not None
    old = ticket.status
    ticket.status = target
    record_event(ticket, actor, EventKind.STATUS, "status", old, target, note)
    deadlines.on_status_change(ticket, actor, old, target)


def default_due_date(severity_value: str, start: date | None = None) -> date:
    """Due date by severity, counted in working days (Monday to Friday)."""
    days = current_app.config["DUE_DAYS_BY_SEVERITY"].get(severity_value, 10)
    current = start or date.today()
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def assign_root_cause_owner(
    ticket: Ticket,
    actor: User,
    owner: User,
    due_date: date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Ticket:
    """Give the ticket its one root-cause owner (also to settle a dispute)."""
    check(actor, Action.ASSIGN, ticket, expected_version)
    apply_changes(
        ticket,
        actor,
        {
            "owner": owner,
            "due_date": due_date or ticket.due_date or default_due_date(ticket.severity.value),
        },
    )
    _move(ticket, actor, Action.ASSIGN, note)
    db.session.commit()
    return ticket


def start_work(ticket: Ticket, actor: User, expected_version: int | None = None) -> Ticket:
    check(actor, Action.START, ticket, expected_version)
    _move(ticket, actor, Action.START)
    db.session.commit()
    return ticket


def dispute_assignment(
    ticket: Ticket, actor: User, reason: str, expected_version: int | None = None
) -> Ticket:
    """'Not my cause': the ticket returns to the coordinator and the dispute stays on record."""
    check(actor, Action.DISPUTE, ticket, expected_version)
    ticket.dispute_reason = reason
    ticket.dispute_count += 1
    _move(ticket, actor, Action.DISPUTE, reason)
    db.session.commit()
    return ticket


@dataclass
class Resolution:
    root_cause: PickListItem | None
    cause_analysis: str
    corrective_action: str
    preventive_action: str = ""


class ResolutionIncomplete(ValueError):
    """A resolution needs a root cause and a corrective action; `fields` names what is missing."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(fields)
        self.fields = fields


def resolve_ticket(
    ticket: Ticket, actor: User, resolution: Resolution, expected_version: int | None = None
) -> Ticket:
    check(actor, Action.RESOLVE, ticket, expected_version)
    missing = [
        name
        for name, value in (
            ("root_cause", resolution.root_cause),
            ("corrective_action", resolution.corrective_action.strip()),
        )
        if not value
    ]
    if missing:
        raise ResolutionIncomplete(missing)
    apply_changes(
        ticket,
        actor,
        {
            "root_cause": resolution.root_cause,
            "cause_analysis": resolution.cause_analysis.strip(),
            "corrective_action": resolution.corrective_action.strip(),
            "preventive_action": resolution.preventive_action.strip(),
        },
    )
    ticket.resolved_dt = utcnow()
    _move(ticket, actor, Action.RESOLVE)
    db.session.commit()
    return ticket


def confirm_resolution(
    ticket: Ticket,
    actor: User,
    rating: int | None = None,
    remark: str = "",
    expected_version: int | None = None,
) -> Ticket:
    """The reporter confirms the fix (a coordinator may close on their behalf)."""
    check(actor, Action.CLOSE, ticket, expected_version)
    if rating is not None and not 1 <= rating <= 5:
        raise ValueError("rating must be 1 to 5")
    apply_changes(ticket, actor, {"rating": rating, "rating_remark": remark.strip()})
    ticket.closed_dt = utcnow()
    _move(ticket, actor, Action.CLOSE, remark.strip())
    db.session.commit()
    return ticket


def reopen_ticket(
    ticket: Ticket, actor: User, reason: str, expected_version: int | None = None
) -> Ticket:
    check(actor, Action.REOPEN, ticket, expected_version)
    ticket.status_reason = reason
    ticket.resolved_dt = None
    ticket.closed_dt = None
    _move(ticket, actor, Action.REOPEN, reason)
    db.session.commit()
    return ticket


def reject_ticket(
    ticket: Ticket, actor: User, reason: str, expected_version: int | None = None
) -> Ticket:
    """Not a handoff defect after all; terminal, with the reason on record."""
    check(actor, Action.REJECT, ticket, expected_version)
    ticket.status_reason = reason
    ticket.closed_dt = utcnow()
    _move(ticket, actor, Action.REJECT, reason)
    db.session.commit()
    return ticket


def ask_for_information(
    ticket: Ticket, actor: User, question: str, expected_version: int | None = None
) -> Ticket:
    """Wait for the reporter: the question goes on record and the service clock pauses."""
    check(actor, Action.ASK, ticket, expected_version)
    _move(ticket, actor, Action.ASK, question.strip())
    db.session.commit()
    return ticket


def answer_question(
    ticket: Ticket, actor: User, answer: str, expected_version: int | None = None
) -> Ticket:
    """The reporter answers; work (and the clock) resumes."""
    check(actor, Action.ANSWER, ticket, expected_version)
    _move(ticket, actor, Action.ANSWER, answer.strip())
    db.session.commit()
    return ticket


def resume_work(ticket: Ticket, actor: User, expected_version: int | None = None) -> Ticket:
    """The owner resumes without an answer (e.g. it came by phone)."""
    check(actor, Action.RESUME, ticket, expected_version)
    _move(ticket, actor, Action.RESUME)
    db.session.commit()
    return ticket


class SelfDuplicate(ValueError):
    pass


def mark_duplicate(
    ticket: Ticket,
    actor: User,
    original: Ticket,
    reason: str = "",
    expected_version: int | None = None,
) -> Ticket:
    check(actor, Action.MARK_DUPLICATE, ticket, expected_version)
    if original.id == ticket.id:
        raise SelfDuplicate()
    ticket.status_reason = reason
    ticket.closed_dt = utcnow()
    db.session.add(
        TicketLink(
            source=ticket, target=original, kind=LinkKind.DUPLICATE_OF, created_by_id=actor.id
        )
    )
    record_event(ticket, actor, EventKind.LINK, LinkKind.DUPLICATE_OF.value, None, original.number)
    _move(ticket, actor, Action.MARK_DUPLICATE, reason)
    db.session.commit()
    return ticket
