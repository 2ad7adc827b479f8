"""The ticket state machine: the only code that changes a ticket's status.

Every move checks who may make it from the current status, records an event
(who, when, from, to, why), announces it (`ticket_moved`) and commits. The table
`ACTIONS` at the bottom holds each action once; the ticket page asks
`allowed_actions` which buttons to show, and the same entries refuse a forged request.

Refusals: `NotAllowed` (403) when the user may not take the action at all;
`ChangedMeanwhile` (409, input kept) when the form is stale or the ticket has moved
on so the action no longer fits (someone was faster); `Invalid` at a field otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm.exc import StaleDataError

from backoffice.auth.models import User
from backoffice.errors import ChangedMeanwhile, Invalid, NotAllowed
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.i18n import lazy_gettext as _l
from backoffice.models import utcnow
from backoffice.signals import ticket_moved
from backoffice.tickets import rules
from backoffice.tickets.actions import (
    TicketAction,
    form_version,
    owner_choices_of,
    prefill_assignment,
    prefill_resolution,
    root_cause_choices_of,
)
from backoffice.tickets.events import apply_changes, record_event
from backoffice.tickets.forms import (
    AnswerForm,
    AssignForm,
    AttachmentForm,
    CloseForm,
    CommentForm,
    DisputeForm,
    DuplicateForm,
    LinkForm,
    QuestionForm,
    RejectForm,
    ReopenForm,
    ResolveForm,
    VersionedForm,
)
from backoffice.tickets.models import (
    OPEN_STATUSES,
    EventKind,
    LinkKind,
    PickListItem,
    Status,
    Ticket,
    TicketLink,
)
from backoffice.tickets.queries import ticket_by_number
from backoffice.tickets.resolution import Resolution


class TicketChangedMeanwhile(ChangedMeanwhile):
    """`ChangedMeanwhile` in the words the ticket pages have always used."""

    def __init__(self, ticket: Ticket) -> None:
        super().__init__(ticket.version)
        self.errors = {
            "": _l(
                "Someone else changed this ticket while you were editing. Your text is kept "
                "below; please check the current ticket and save again."
            )
        }


P = ParamSpec("P")
R = TypeVar("R")
Command = Callable[Concatenate[Ticket, P], R]

# A command without a version (a comment, an attachment) runs at most this often when
# a feature's reaction to it loses a race with a move (see `unversioned_command`).
UNVERSIONED_ATTEMPTS = 3


def ticket_command(command: Command[P, R]) -> Command[P, R]:
    """Every ticket command that commits runs through here: a write that lost a race is a 409.

    `Ticket` has a version column, so the UPDATE of someone who read the ticket before
    another person's move committed matches no row (`StaleDataError`), whether at a flush
    on the way or at the commit. That is "changed meanwhile": rolled back, answered 409
    with the user's text kept and the form carrying the version they now see.
    """

    @wraps(command)
    def run(ticket: Ticket, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(ticket, *args, **kwargs)
        except StaleDataError:
            db.session.rollback()
            raise TicketChangedMeanwhile(ticket) from None  # reads the version now stored

    return run


def unversioned_command(command: Command[P, R]) -> Command[P, R]:
    """A command that carries no version the user saw (a comment, an attachment).

    It takes no part in the ticket's optimistic lock: it touches the ticket only with an
    unversioned UPDATE (`events.record_event`), so a move never makes it fail. A feature
    reacting to it may still write versioned ticket columns (the agreements note the first
    response); if that loses a race with a move, the whole command runs again on the
    reloaded ticket (permission checked again), so the comment is not lost.
    """
    versioned = ticket_command(command)

    @wraps(command)
    def run(ticket: Ticket, *args: P.args, **kwargs: P.kwargs) -> R:
        for _attempt in range(UNVERSIONED_ATTEMPTS - 1):
            try:
                return versioned(ticket, *args, **kwargs)
            except TicketChangedMeanwhile:
                continue  # rolled back: the ticket reloads on its next read
        return versioned(ticket, *args, **kwargs)

    return run


def can(user: User, name: str, ticket: Ticket) -> bool:
    action = ACTIONS[name]
    return ticket.status in action.allowed_from and action.may(user, ticket)


def allowed_actions(user: User, ticket: Ticket) -> frozenset[str]:
    return frozenset(name for name in ACTIONS if can(user, name, ticket))


def check_permitted(user: User, name: str, ticket: Ticket) -> None:
    """Refuse (403) a user who may never take this action on this ticket, whatever its status."""
    if not ACTIONS[name].may(user, ticket):
        raise NotAllowed()


def require(user: User, name: str, ticket: Ticket) -> None:
    """Refuse (403) unless the user may take the action now (pages that are not forms)."""
    if not can(user, name, ticket):
        raise NotAllowed()


def check(user: User, name: str, ticket: Ticket, expected_version: int | None = None) -> None:
    """Raise unless `user` may take the action now, on the version they saw."""
    check_permitted(user, name, ticket)
    stale = expected_version is not None and expected_version != ticket.version
    if stale or ticket.status not in ACTIONS[name].allowed_from:
        raise TicketChangedMeanwhile(ticket)


def _move(ticket: Ticket, actor: User, name: str, note: str = "") -> None:
    target = ACTIONS[name].target
    assert target is not None
    old = ticket.status
    ticket.status = target
    record_event(ticket, actor, EventKind.STATUS, "status", old, target, note)
    ticket_moved.send(ticket, actor=actor, old=old, new=target)


def _simple_move(
    name: str, ticket: Ticket, actor: User, note: str, expected_version: int | None
) -> Ticket:
    check(actor, name, ticket, expected_version)
    _move(ticket, actor, name, note.strip())
    db.session.commit()
    return ticket


@ticket_command
def assign_root_cause_owner(
    ticket: Ticket,
    actor: User,
    owner: User | None,
    due_date: date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Ticket:
    """Give the ticket its one root-cause owner (also to settle a dispute)."""
    check(actor, "assign", ticket, expected_version)
    if not rules.may_own_root_causes(owner):
        raise Invalid({"owner_id": _("Please choose an active owner.")})
    apply_changes(
        ticket,
        actor,
        {
            "owner": owner,
            "due_date": due_date
            or ticket.due_date
            or rules.default_due_date(ticket.severity.value),
        },
    )
    _move(ticket, actor, "assign", note)
    db.session.commit()
    return ticket


def hand_to_owner(ticket: Ticket, actor: User, owner: User) -> None:
    """Assign a ticket the app opens itself (a follow-up) without a coordinator's step;
    the caller checked the right to open it and commits."""
    apply_changes(
        ticket, actor, {"owner": owner, "due_date": rules.default_due_date(ticket.severity.value)}
    )
    _move(ticket, actor, "assign")


@ticket_command
def start_work(ticket: Ticket, actor: User, expected_version: int | None = None) -> Ticket:
    return _simple_move("start", ticket, actor, "", expected_version)


@ticket_command
def dispute_assignment(
    ticket: Ticket, actor: User, reason: str, expected_version: int | None = None
) -> Ticket:
    """'Not my cause': the ticket returns to the coordinator and the dispute stays on record."""
    check(actor, "dispute", ticket, expected_version)
    ticket.dispute_reason = reason
    ticket.dispute_count += 1
    _move(ticket, actor, "dispute", reason)
    db.session.commit()
    return ticket


@ticket_command
def resolve_ticket(
    ticket: Ticket, actor: User, resolution: Resolution, expected_version: int | None = None
) -> Ticket:
    """A resolution needs a root-cause category, a corrective action and a preventive
    action, or the reason why none is possible (its effect is checked later)."""
    check(actor, "resolve", ticket, expected_version)
    if missing := resolution.missing():
        raise Invalid(missing)
    apply_changes(ticket, actor, resolution.as_fields())
    ticket.resolved_dt = utcnow()
    _move(ticket, actor, "resolve")
    db.session.commit()
    return ticket


@ticket_command
def confirm_resolution(
    ticket: Ticket,
    actor: User,
    rating: int | None = None,
    remark: str = "",
    expected_version: int | None = None,
    defect_gone: bool | None = None,
) -> Ticket:
    """The reporter confirms the fix (a coordinator may close on their behalf).

    `defect_gone`: the answer to "Is the defect gone?" (the page asks it; None: not asked).
    """
    check(actor, "close", ticket, expected_version)
    if rating is not None and not 1 <= rating <= 5:
        raise ValueError("rating must be 1 to 5")
    apply_changes(
        ticket,
        actor,
        {"defect_gone": defect_gone, "rating": rating, "rating_remark": remark.strip()},
    )
    ticket.closed_dt = utcnow()
    _move(ticket, actor, "close", remark.strip())
    db.session.commit()
    return ticket


@ticket_command
def reopen_ticket(
    ticket: Ticket, actor: User, reason: str, expected_version: int | None = None
) -> Ticket:
    check(actor, "reopen", ticket, expected_version)
    ticket.status_reason = reason
    ticket.resolved_dt = None
    ticket.closed_dt = None
    _move(ticket, actor, "reopen", reason)
    db.session.commit()
    return ticket


@ticket_command
def reject_ticket(
    ticket: Ticket, actor: User, reason: str, expected_version: int | None = None
) -> Ticket:
    """Not a handoff defect after all; terminal, with the reason on record."""
    check(actor, "reject", ticket, expected_version)
    ticket.status_reason = reason
    ticket.closed_dt = utcnow()
    _move(ticket, actor, "reject", reason)
    db.session.commit()
    return ticket


@ticket_command
def ask_for_information(
    ticket: Ticket, actor: User, question: str, expected_version: int | None = None
) -> Ticket:
    """Wait for the reporter: the question goes on record and the service clock pauses."""
    return _simple_move("ask", ticket, actor, question, expected_version)


@ticket_command
def answer_question(
    ticket: Ticket, actor: User, answer: str, expected_version: int | None = None
) -> Ticket:
    """The reporter answers; work (and the clock) resumes."""
    return _simple_move("answer", ticket, actor, answer, expected_version)


@ticket_command
def resume_work(ticket: Ticket, actor: User, expected_version: int | None = None) -> Ticket:
    """The owner resumes without an answer (e.g. it came by phone)."""
    return _simple_move("resume", ticket, actor, "", expected_version)


@ticket_command
def mark_duplicate(
    ticket: Ticket,
    actor: User,
    original: Ticket | None,
    reason: str = "",
    expected_version: int | None = None,
) -> Ticket:
    """Close as a duplicate of another ticket (`original` None: no ticket has that number)."""
    check(actor, "duplicate", ticket, expected_version)
    if original is None or original.id == ticket.id:
        raise Invalid({"original": _("No other ticket has this number.")})
    ticket.status_reason = reason
    ticket.closed_dt = utcnow()
    db.session.add(
        TicketLink(
            source=ticket, target=original, kind=LinkKind.DUPLICATE_OF, created_by_id=actor.id
        )
    )
    record_event(ticket, actor, EventKind.LINK, LinkKind.DUPLICATE_OF.value, None, original.number)
    _move(ticket, actor, "duplicate", reason)
    db.session.commit()
    return ticket


def _assign(ticket: Ticket, actor: User, form: AssignForm) -> Ticket:
    owner = db.session.get(User, form.owner_id.data or 0)
    return assign_root_cause_owner(
        ticket, actor, owner, form.due_date.data, form.note.data or "", form_version(form)
    )


def _resolve(ticket: Ticket, actor: User, form: ResolveForm) -> Ticket:
    resolution = Resolution(
        root_cause=db.session.get(PickListItem, form.root_cause_id.data or 0),
        cause_analysis=form.cause_analysis.data or "",
        corrective_action=form.corrective_action.data or "",
        preventive_action=form.preventive_action.data or "",
        no_prevention_reason=form.no_prevention_reason.data or "",
        no_prevention_note=form.no_prevention_note.data or "",
    )
    return resolve_ticket(ticket, actor, resolution, form_version(form))


def _close(ticket: Ticket, actor: User, form: CloseForm) -> Ticket:
    # A blank answer (" ") passes Optional() without a choice: no rating, not a crash.
    rating = int(form.rating.data) if (form.rating.data or "").strip() else None
    gone = {"yes": True, "no": False}.get(form.defect_gone.data or "")
    remark = form.remark.data or ""
    return confirm_resolution(ticket, actor, rating, remark, form_version(form), gone)


def _duplicate(ticket: Ticket, actor: User, form: DuplicateForm) -> Ticket:
    original = ticket_by_number(form.original.data)
    return mark_duplicate(ticket, actor, original, form.reason.data or "", form_version(form))


_STARTED = frozenset({Status.ASSIGNED, Status.IN_PROGRESS})
_EVERY_STATUS = frozenset(Status)

# Every action once. The order is the order of the buttons on the ticket page.
ACTIONS: dict[str, TicketAction] = {
    action.name: action
    for action in (
        TicketAction(
            "start", frozenset({Status.ASSIGNED}), Status.IN_PROGRESS, rules.is_owner,
            VersionedForm, _l("Start work"), _l("Work has started."),
            lambda t, u, f: start_work(t, u, form_version(f)), inline=True,
        ),
        TicketAction(
            "resume", frozenset({Status.WAITING}), Status.IN_PROGRESS,
            rules.owner_or_coordinator, VersionedForm, _l("Resume work"),
            _l("Work has resumed."),
            lambda t, u, f: resume_work(t, u, form_version(f)), inline=True,
        ),
        TicketAction(
            "answer", frozenset({Status.WAITING}), Status.IN_PROGRESS, rules.is_reporter,
            AnswerForm, _l("Answer the question"), _l("Thank you. Work on the ticket resumes."),
            lambda t, u, f: answer_question(t, u, f.answer.data, form_version(f)), primary=True,
        ),
        TicketAction(
            "resolve", _STARTED, Status.RESOLVED, rules.owner_or_coordinator, ResolveForm,
            _l("Resolve"), _l("The ticket is resolved. The reporter is asked to confirm."),
            _resolve, choices=root_cause_choices_of, prefill=prefill_resolution, primary=True,
        ),
        TicketAction(
            "close", frozenset({Status.RESOLVED}), Status.CLOSED, rules.reporter_or_coordinator,
            CloseForm, _l("Confirm and close"), _l("The ticket is closed. Thank you."),
            _close, primary=True,
        ),
        TicketAction(
            "assign", OPEN_STATUSES, Status.ASSIGNED, rules.is_coordinator, AssignForm,
            _l("Assign root-cause owner"), _l("The root-cause owner is assigned."),
            _assign, choices=owner_choices_of, prefill=prefill_assignment, primary=True,
        ),
        # Waiting for information from the reporter pauses the service clock.
        TicketAction(
            "ask", _STARTED, Status.WAITING, rules.owner_or_coordinator, QuestionForm,
            _l("Ask the reporter"),
            _l("The question is sent. The service clock pauses until the answer."),
            lambda t, u, f: ask_for_information(t, u, f.question.data, form_version(f)),
        ),
        TicketAction(
            "dispute", _STARTED, Status.DISPUTED, rules.is_owner, DisputeForm,
            _l("Not my cause"), _l("The assignment is disputed and back with the coordinator."),
            lambda t, u, f: dispute_assignment(t, u, f.reason.data, form_version(f)),
        ),
        TicketAction(
            "reopen", frozenset({Status.RESOLVED, Status.CLOSED}), Status.IN_PROGRESS,
            rules.involved, ReopenForm, _l("Reopen"), _l("The ticket is reopened."),
            lambda t, u, f: reopen_ticket(t, u, f.reason.data, form_version(f)),
        ),
        TicketAction(
            "duplicate", OPEN_STATUSES, Status.DUPLICATE, rules.is_coordinator, DuplicateForm,
            _l("Mark as duplicate"), _l("The ticket is marked as a duplicate."), _duplicate,
        ),
        TicketAction(
            "reject", OPEN_STATUSES, Status.REJECTED, rules.is_coordinator, RejectForm,
            _l("Reject: not a defect"), _l("The ticket is rejected."),
            lambda t, u, f: reject_ticket(t, u, f.reason.data, form_version(f)),
        ),
        # Not moves: the status stays. Each has its own page or route.
        TicketAction("edit", OPEN_STATUSES, None, rules.may_edit),
        TicketAction("comment", _EVERY_STATUS, None, rules.takes_part, CommentForm),
        TicketAction("attach", _EVERY_STATUS, None, rules.takes_part, AttachmentForm),
        TicketAction("link", _EVERY_STATUS, None, rules.involved, LinkForm),
    )
}  # fmt: skip
MOVES = {name: action for name, action in ACTIONS.items() if action.is_move}
