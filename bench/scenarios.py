"""The measured requests, one function each, registered with @scenario.

A scenario function runs in an app context once per data size, before the
timings, and returns what to request: a URL (GET), or a callable that makes the
request with the test client when it needs more (POST, a form, a header). Setup
that a request needs, such as finding a ticket or creating a meeting, goes in
the function body so it is not timed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from backoffice.extensions import db
from backoffice.tickets.models import Ticket, TicketEvent

Request = Callable[[FlaskClient], TestResponse]


@dataclass(frozen=True)
class Scenario:
    name: str
    prepare: Callable[[], str | Request]
    repeat: int | None = None  # fewer repetitions for slow requests
    streamed: bool = False  # also measure peak memory and count the rows (CSV or XLSX)


SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str, *, repeat: int | None = None, streamed: bool = False) -> Callable:
    def register(prepare: Callable[[], str | Request]) -> Callable[[], str | Request]:
        SCENARIOS[name] = Scenario(name, prepare, repeat, streamed)
        return prepare

    return register


@scenario("ticket_list")
def ticket_list() -> str:
    """A filtered list: the triage view a coordinator keeps open."""
    return "/tickets/?status=in_progress&severity=high"


@scenario("ticket_detail")
def ticket_detail() -> str:
    """The ticket with the longest timeline (events are what grows on a detail page)."""
    number = db.session.scalar(
        select(Ticket.number)
        .join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
        .group_by(Ticket.id, Ticket.number)
        .order_by(func.count(TicketEvent.id).desc(), Ticket.id.desc())
        .limit(1)
    )
    return f"/tickets/{number}"


@scenario("my_work")
def my_work() -> str:
    return "/"


@scenario("csv_export", repeat=5, streamed=True)
def csv_export() -> str:
    """Every ticket, unfiltered: the largest response the app streams."""
    return "/tickets/export.csv"


@scenario("xlsx_export", repeat=3, streamed=True)
def xlsx_export() -> str:
    """Every ticket as a workbook: written in constant memory, streamed from a temporary file."""
    return "/tickets/export.xlsx"


def _api_token() -> str:
    """A fresh personal token of the coordinator (the browser session does not count)."""
    from backoffice.api.tokens import create_token
    from backoffice.auth.models import User

    coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
    return create_token(coordinator, "bench", "read", 30).secret


@scenario("api_ticket_list")
def api_ticket_list() -> Request:
    """GET /api/v1/tickets, the first page of 50 (newest first), with a bearer token."""
    headers = {"Authorization": f"Bearer {_api_token()}"}
    return lambda client: client.get("/api/v1/tickets", headers=headers)


@scenario("api_ticket_list_filtered")
def api_ticket_list_filtered() -> Request:
    """The triage filter of `ticket_list` through the API."""
    headers = {"Authorization": f"Bearer {_api_token()}"}
    return lambda client: client.get(
        "/api/v1/tickets?status=in_progress&severity=high", headers=headers
    )
