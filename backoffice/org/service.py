"""Rules for the organisation: functions, handoffs, and the choices built from them."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from backoffice.audit import create_audited, update_audited
from backoffice.auth.models import User
from backoffice.errors import Invalid
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.org.models import Function, Handoff
from backoffice.tickets.rules import root_cause_owners


@dataclass
class FunctionData:
    name: str
    description: str = ""
    lead_id: int | None = None
    is_active: bool = True


@dataclass
class HandoffData:
    name: str
    from_function_id: int
    to_function_id: int
    default_owner_id: int | None = None
    description: str = ""
    is_active: bool = True


def function_choices(active_only: bool = True) -> list[tuple[int, str]]:
    stmt = select(Function.id, Function.name).order_by(Function.name)
    if active_only:
        stmt = stmt.where(Function.is_active.is_(True))
    return [(row.id, row.name) for row in db.session.execute(stmt)]


def owner_choices() -> list[tuple[int, str]]:
    """People who can own a root cause (the rule lives in `tickets.rules`)."""
    stmt = select(User.id, User.name).where(root_cause_owners()).order_by(User.name)
    return [(row.id, row.name) for row in db.session.execute(stmt)]


def list_functions() -> list[Function]:
    return list(
        db.session.scalars(
            select(Function).options(joinedload(Function.lead)).order_by(Function.name)
        )
    )


def list_handoffs(active_only: bool = False) -> list[Handoff]:
    stmt = select(Handoff).options(
        joinedload(Handoff.from_function),
        joinedload(Handoff.to_function),
        joinedload(Handoff.default_owner),
    )
    if active_only:
        stmt = stmt.where(Handoff.is_active.is_(True))
    handoffs = list(db.session.scalars(stmt))
    handoffs.sort(key=lambda h: (h.from_function.name, h.to_function.name, h.name))
    return handoffs


def save_function(function: Function | None, data: FunctionData, actor: User) -> Function:
    data.name = data.name.strip()
    clash = db.session.scalar(select(Function).where(Function.name == data.name))
    if clash is not None and clash is not function:
        raise Invalid({"name": _l("A function with this name exists already.")})
    if function is None:
        summary = {"name": (None, data.name)}
        function = create_audited(Function(**asdict(data)), actor, "function", summary)
    else:
        update_audited(function, asdict(data), actor, "function")
    db.session.commit()
    return function


def save_handoff(handoff: Handoff | None, data: HandoffData, actor: User) -> Handoff:
    data.name = data.name.strip()
    if data.from_function_id == data.to_function_id:
        raise Invalid({"to_function_id": _l("A handoff goes from one function to another.")})
    clash = db.session.scalar(
        select(Handoff).where(
            Handoff.name == data.name,
            Handoff.from_function_id == data.from_function_id,
            Handoff.to_function_id == data.to_function_id,
        )
    )
    if clash is not None and clash is not handoff:
        raise Invalid({"name": _l("This handoff exists already.")})
    if handoff is None:
        summary = {"name": (None, data.name)}
        handoff = create_audited(Handoff(**asdict(data)), actor, "handoff", summary)
    else:
        update_audited(handoff, asdict(data), actor, "handoff")
    db.session.commit()
    return handoff
