"""What every security test starts from: the four roles, a handoff, a category and one ticket.

Registered as a plugin in conftest.py, so the `data` fixture reaches every test_security_*
module.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from backoffice.auth.models import Role
from tests.factories import make_category, make_function, make_handoff, make_ticket, make_user

FRIENDLY_500 = "Something went wrong"  # the start of the page any unexpected error shows


@dataclass(frozen=True)
class Data:
    clerk: str
    owner: str
    coordinator: str
    admin: str
    ticket_number: str
    handoff_id: int
    category_id: int
    function_id: int


@pytest.fixture
def data(app: Flask) -> Data:
    with app.app_context():
        invoicing = make_function("Invoicing")
        hours = make_function("Time registration")
        clerk = make_user("clerk@example.com", Role.CLERK, function=invoicing)
        owner = make_user("owner@example.com", Role.OWNER, function=hours)
        coordinator = make_user("coordinator@example.com", Role.COORDINATOR)
        admin = make_user("admin@example.com", Role.ADMIN)
        handoff = make_handoff(hours, invoicing, "approved hours", default_owner=owner)
        category = make_category("missing_hours", "Missing hours")
        ticket = make_ticket(reporter=clerk, handoff=handoff, category=category)
        return Data(
            clerk=clerk.email,
            owner=owner.email,
            coordinator=coordinator.email,
            admin=admin.email,
            ticket_number=ticket.number,
            handoff_id=handoff.id,
            category_id=category.id,
            function_id=invoicing.id,
        )
