"""The one small office most tests start from: the four roles, three functions, two
handoffs, a category and a root cause.

`tests/conftest.py` builds it for the `office` fixture; tests read the e-mail addresses
and ids they need from the `Office` record.
"""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.auth.models import Role
from tests.factories import make_category, make_function, make_handoff, make_root_cause, make_user


@dataclass(frozen=True)
class Office:
    clerk: str
    owner: str
    other_owner: str
    coordinator: str
    admin: str
    owner_id: int
    other_owner_id: int
    handoff_id: int
    other_handoff_id: int
    category_id: int
    root_cause_id: int
    time_registration_id: int
    invoicing_id: int


def build_office() -> Office:
    """Store the office (needs an app context)."""
    time_registration = make_function("Time registration")
    invoicing = make_function("Invoicing")
    payroll = make_function("Payroll")
    clerk = make_user("clerk@example.com", Role.CLERK, "Clara Clerk", function=invoicing)
    owner = make_user("owner@example.com", Role.OWNER, "Otto Owner", function=time_registration)
    other = make_user("owner2@example.com", Role.OWNER, "Olga Other", function=payroll)
    coordinator = make_user("coordinator@example.com", Role.COORDINATOR, "Cora Coordinator")
    admin = make_user("admin@example.com", Role.ADMIN, "Adam Admin")
    handoff = make_handoff(
        time_registration, invoicing, "approved hours → invoice run", default_owner=owner
    )
    other_handoff = make_handoff(time_registration, payroll, "hours → payroll run")
    category = make_category("missing_hours", "Missing hours", label_de="Fehlende Stunden")
    root_cause = make_root_cause("manual_entry_error", "Manual entry error")
    return Office(
        clerk=clerk.email,
        owner=owner.email,
        other_owner=other.email,
        coordinator=coordinator.email,
        admin=admin.email,
        owner_id=owner.id,
        other_owner_id=other.id,
        handoff_id=handoff.id,
        other_handoff_id=other_handoff.id,
        category_id=category.id,
        root_cause_id=root_cause.id,
        time_registration_id=time_registration.id,
        invoicing_id=invoicing.id,
    )
