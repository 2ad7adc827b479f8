"""Test data built through the service layer, as the app itself would build it.

Every factory commits and needs an app context:

    with app.app_context():
        ticket = make_ticket(status=Status.RESOLVED, severity=Severity.HIGH)
        number = ticket.number  # read what you need before the context ends

A test arranges its data here and acts through pages: "given a resolved ticket" is one
call, not five form posts.
"""

from __future__ import annotations

from itertools import count
from typing import Any

from sqlalchemy import select

from backoffice.auth.models import Role, User
from backoffice.auth.service import UserData, create_user
from backoffice.extensions import db
from backoffice.org.models import Function, Handoff
from backoffice.org.service import FunctionData, HandoffData, save_function, save_handoff
from backoffice.tickets.models import PickListItem, PickListKind, Severity, Status, Ticket
from backoffice.tickets.picklists import PickListData, save_pick_list_item
from backoffice.tickets.service import TicketData, create_ticket
from backoffice.tickets.workflow import (
    Resolution,
    ask_for_information,
    assign_root_cause_owner,
    confirm_resolution,
    dispute_assignment,
    mark_duplicate,
    reject_ticket,
    resolve_ticket,
    start_work,
)

DEMO_PASSWORD = "demo-password"

_sequence = count(1)


def _next() -> int:
    return next(_sequence)


def make_user(
    email: str | None = None,
    role: Role = Role.CLERK,
    name: str | None = None,
    function: Function | None = None,
    password: str = DEMO_PASSWORD,
    **fields: Any,
) -> User:
    """A user; `fields` are further `UserData` fields (locale, is_active_user)."""
    n = _next()
    data = UserData(
        email=email or f"{role.value}{n}@example.com",
        name=name or f"{role.value.title()} {n}",
        role=role,
        function_id=function.id if function else None,
        **fields,
    )
    return create_user(data, password)


def make_function(name: str | None = None, lead: User | None = None, **fields: Any) -> Function:
    data = FunctionData(
        name=name or f"Function {_next()}", lead_id=lead.id if lead else None, **fields
    )
    return save_function(None, data, actor=None)


def make_handoff(
    from_function: Function | None = None,
    to_function: Function | None = None,
    name: str | None = None,
    default_owner: User | None = None,
    **fields: Any,
) -> Handoff:
    from_function = from_function or make_function()
    to_function = to_function or make_function()
    data = HandoffData(
        name=name or f"Handoff {_next()}",
        from_function_id=from_function.id,
        to_function_id=to_function.id,
        default_owner_id=default_owner.id if default_owner else None,
        **fields,
    )
    return save_handoff(None, data, actor=None)


def _make_pick_list_item(
    kind: PickListKind, code: str, label_en: str | None, **fields: Any
) -> PickListItem:
    """Codes are a fixed vocabulary, so asking twice for one code gives the same entry."""
    existing = db.session.scalar(
        select(PickListItem).where(PickListItem.kind == kind, PickListItem.code == code)
    )
    if existing is not None:
        return existing
    label = label_en or code.replace("_", " ").capitalize()
    item = save_pick_list_item(None, kind, PickListData(label_en=label, **fields), actor=None)
    if item.code != code:  # the service derives the code from the English label
        item.code = code
        db.session.commit()
    return item


def make_category(
    code: str = "missing_hours", label_en: str | None = None, **fields: Any
) -> PickListItem:
    """A defect category; `fields` are `PickListData` fields (label_de, position, ...)."""
    return _make_pick_list_item(PickListKind.CATEGORY, code, label_en, **fields)


def make_root_cause(
    code: str = "unclear_instruction", label_en: str | None = None, **fields: Any
) -> PickListItem:
    return _make_pick_list_item(PickListKind.ROOT_CAUSE, code, label_en, **fields)


def make_ticket(
    reporter: User | None = None,
    handoff: Handoff | None = None,
    category: PickListItem | None = None,
    title: str | None = None,
    severity: Severity = Severity.MEDIUM,
    description: str = "Hours of the week were not in the timesheet export.",
    *,
    status: Status = Status.NEW,
    owner: User | None = None,
    coordinator: User | None = None,
    root_cause: PickListItem | None = None,
    **fields: Any,
) -> Ticket:
    """A ticket in `status`, with the history a real one would have; `fields` are further
    `TicketData` fields.

    It is reported, then moved by the workflow functions the pages call (assign, start,
    resolve, ...), each by the person who may, so the timeline, version and dates are
    those of a ticket that got there the normal way. `owner` and `coordinator` are made
    when a move needs them and none is given.
    """
    data = TicketData(
        title=title or f"Defect {_next()}",
        description=description,
        handoff=handoff or make_handoff(),
        category=category or make_category(),
        severity=severity,
        **fields,
    )
    ticket = create_ticket(data, reporter or make_user(role=Role.CLERK))
    people = _People(ticket, owner, coordinator, root_cause)
    for step in PATH_TO[status]:
        step(ticket, people)
    return ticket


class _People:
    """Who makes the moves (and the root cause they find); made on first need, so a new
    ticket creates nobody extra."""

    def __init__(
        self,
        ticket: Ticket,
        owner: User | None,
        coordinator: User | None,
        root_cause: PickListItem | None,
    ) -> None:
        self.reporter = ticket.reporter
        self._owner = owner
        self._coordinator = coordinator
        self.root_cause = root_cause

    @property
    def owner(self) -> User:
        self._owner = self._owner or make_user(role=Role.OWNER)
        return self._owner

    @property
    def coordinator(self) -> User:
        self._coordinator = self._coordinator or make_user(role=Role.COORDINATOR)
        return self._coordinator


def _assign(ticket: Ticket, people: _People) -> None:
    assign_root_cause_owner(ticket, people.coordinator, people.owner)


def _start(ticket: Ticket, people: _People) -> None:
    start_work(ticket, people.owner)


def _dispute(ticket: Ticket, people: _People) -> None:
    dispute_assignment(ticket, people.owner, "Not our cause: the export ran on time.")


def _ask(ticket: Ticket, people: _People) -> None:
    ask_for_information(ticket, people.owner, "Which week is missing?")


def _resolve(ticket: Ticket, people: _People) -> None:
    resolution = Resolution(
        root_cause=people.root_cause or make_root_cause(),
        cause_analysis="The export ran before the hours were approved.",
        corrective_action="Exported the week again.",
        preventive_action="The export waits for the approval flag.",
    )
    resolve_ticket(ticket, people.owner, resolution)


def _close(ticket: Ticket, people: _People) -> None:
    confirm_resolution(ticket, people.reporter)


def _reject(ticket: Ticket, people: _People) -> None:
    reject_ticket(ticket, people.coordinator, "Not a handoff defect.")


def _mark_duplicate(ticket: Ticket, people: _People) -> None:
    original = make_ticket(reporter=people.reporter, handoff=ticket.handoff)
    mark_duplicate(ticket, people.coordinator, original, "Reported twice.")


# The moves that bring a new ticket into each status, in order (see tickets.workflow).
PATH_TO = {
    Status.NEW: (),
    Status.ASSIGNED: (_assign,),
    Status.IN_PROGRESS: (_assign, _start),
    Status.DISPUTED: (_assign, _dispute),
    Status.WAITING: (_assign, _start, _ask),
    Status.RESOLVED: (_assign, _start, _resolve),
    Status.CLOSED: (_assign, _start, _resolve, _close),
    Status.REJECTED: (_reject,),
    Status.DUPLICATE: (_mark_duplicate,),
}
