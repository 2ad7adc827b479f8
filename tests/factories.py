"""Test data built through the service layer, as the app itself would build it.

Every factory commits and needs an app context:

    with app.app_context():
        ticket = make_ticket(severity=Severity.HIGH)
        number = ticket.number  # read what you need before the context ends
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
from backoffice.tickets.models import PickListItem, PickListKind, Severity, Ticket
from backoffice.tickets.picklists import PickListData, save_pick_list_item
from backoffice.tickets.service import TicketData, create_ticket

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
    **fields: Any,
) -> Ticket:
    """A new ticket as reported; `fields` are further `TicketData` fields.

    Move it on with the workflow functions (assign_root_cause_owner, resolve_ticket, ...).
    """
    data = TicketData(
        title=title or f"Defect {_next()}",
        description=description,
        handoff=handoff or make_handoff(),
        category=category or make_category(),
        severity=severity,
        **fields,
    )
    return create_ticket(data, reporter or make_user(role=Role.CLERK))
