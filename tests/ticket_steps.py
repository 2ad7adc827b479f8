"""Steps a user takes on tickets, through the HTTP surface (forms with CSRF tokens)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.org.models import Handoff
from backoffice.tickets.models import Status, Ticket
from tests.factories import make_ticket
from tests.helpers import input_value, submit


def report_fields(office: Any) -> dict[str, Any]:
    """What a clerk fills in on the report form."""
    return {
        "title": "Hours of week 14 missing at invoice run",
        "description": "The approved hours of project P-100 were not exported.",
        "found_in_function_id": office.invoicing_id,
        "handoff_id": office.handoff_id,
        "category_id": office.category_id,
        "severity": "high",
        "external_reference": "INV-2026-0412",
        "billing_period": "2026-10",
        "impact_amount": "1234.50",
        "impact_currency": "EUR",
        "records_affected": "12",
    }


def resolve_fields(office: Any) -> dict[str, Any]:
    """What an owner fills in to resolve, with the least that is accepted."""
    return {
        "root_cause_id": office.root_cause_id,
        "corrective_action": "x",
        "preventive_action": "Export waits for approval.",
    }


def report(client: FlaskClient, office: Any, **overrides: Any) -> TestResponse:
    return submit(client, "/tickets/new", report_fields(office) | overrides)


def reported_number(client: FlaskClient, office: Any, **overrides: Any) -> str:
    response = report(client, office, **overrides)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return response.headers["Location"].rsplit("/", 1)[-1]


def edit(client: FlaskClient, office: Any, number: str, **overrides: Any) -> TestResponse:
    """Save the edit form with the version and amount it showed, other fields as reported."""
    form = client.get(f"/tickets/{number}/edit").get_data(as_text=True)
    shown = {name: input_value(form, name) for name in ("version", "impact_amount")}
    return submit(client, f"/tickets/{number}/edit", report_fields(office) | shown | overrides)


def ticket_state(app: Flask, number: str) -> Ticket:
    """A detached copy of the ticket as stored now."""
    with app.app_context():
        ticket = db.session.scalar(select(Ticket).where(Ticket.number == number))
        assert ticket is not None
        db.session.expunge(ticket)
        return ticket


def act(
    client: FlaskClient,
    app: Flask,
    number: str,
    action: str,
    version: int | None = None,
    **data: Any,
) -> TestResponse:
    """Post a workflow action with the version the user saw (default: the current one)."""
    if version is None:
        version = ticket_state(app, number).version
    return submit(
        client,
        f"/tickets/{number}/{action}",
        {"version": str(version), **data},
        form_url=f"/tickets/{number}",
    )


def office_ticket(app: Flask, office: Any, status: Status) -> str:
    """The number of a ticket the office's clerk reported on its handoff, brought to
    `status` by the office's owner and coordinator."""
    with app.app_context():
        people = {
            email: db.session.scalar(select(User).where(User.email == email))
            for email in (office.clerk, office.owner, office.coordinator)
        }
        return make_ticket(
            reporter=people[office.clerk],
            handoff=db.session.get(Handoff, office.handoff_id),
            owner=people[office.owner],
            coordinator=people[office.coordinator],
            status=status,
        ).number
