"""One notion of due: the next deadline a ticket works towards, the same on every page.

Under an agreement: the first reply until the owner reacted, then the resolution;
otherwise the manual due date. Overdue means that deadline is past.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from backoffice.date_formats import show_date, show_datetime
from backoffice.extensions import db
from backoffice.i18n import org_today
from backoffice.models import utcnow
from backoffice.tickets.models import SlaState, Ticket
from tests.helpers import login, row_with, table_rows
from tests.test_agreements import catalogue, switch  # noqa: F401 (a fixture)
from tests.ticket_steps import act, reported_number

DEADLINE = 6  # the list's "Next deadline" column


def _set(app: Flask, number: str, **values: Any) -> None:
    with app.app_context():
        ticket = db.session.scalar(select(Ticket).where(Ticket.number == number))
        for name, value in values.items():
            setattr(ticket, name, value)
        db.session.commit()


def _list(client: Any, query: str = "") -> str:
    return client.get(f"/tickets/?{query}").get_data(as_text=True)


def _listed(client: Any, query: str) -> set[str]:
    return {row[0] for row in table_rows(_list(client, query))}


@pytest.mark.usefixtures("catalogue")
def test_a_late_first_reply_shows_the_resolution_still_ahead(app, client, office):
    """Formerly "Breached" stood beside a future date: only the first reply was late."""
    login(client, office.clerk)
    number = reported_number(client, office, severity="medium")
    now = utcnow()
    resolution_due = now + timedelta(days=2)
    _set(
        app,
        number,
        response_due_dt=now - timedelta(hours=3),
        first_response_dt=now - timedelta(hours=1),
        resolution_due_dt=resolution_due,
        sla_state=SlaState.BREACHED,
    )
    switch(client, office.coordinator)
    with app.test_request_context():
        due = show_datetime(resolution_due)
    assert row_with(_list(client, f"q={number}"), number)[DEADLINE] == f"Resolution due {due}"
    assert number not in _listed(client, "overdue=1")


@pytest.mark.usefixtures("catalogue")
def test_an_unanswered_ticket_past_its_reply_time_is_breached_everywhere(app, client, office):
    login(client, office.clerk)
    number = reported_number(client, office, severity="medium")
    reply_due = utcnow() - timedelta(hours=2)
    _set(app, number, response_due_dt=reply_due)
    switch(client, office.coordinator)
    with app.test_request_context():
        since = show_datetime(reply_due)
    cell = row_with(_list(client, f"q={number}"), number)[DEADLINE]
    assert cell == f"Breached since {since} first reply"
    assert number in _listed(client, "overdue=1")
    detail = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "Next deadline" in detail and "Breached since</span> <time" in detail
    my_work = client.get("/").get_data(as_text=True)
    assert 'id="section-overdue"' in my_work and number in my_work.split('id="section-overdue"')[1]


@pytest.mark.usefixtures("catalogue")
def test_a_waiting_ticket_is_paused_not_overdue(app, client, office):
    login(client, office.clerk)
    number = reported_number(client, office, severity="medium")
    now = utcnow()
    _set(app, number, response_due_dt=now - timedelta(hours=2), waiting_since_dt=now)
    switch(client, office.coordinator)
    assert "paused" in row_with(_list(client, f"q={number}"), number)[DEADLINE]
    assert number not in _listed(client, "overdue=1")


def test_without_an_agreement_the_due_date_counts_on_the_organisations_day(app, client, office):
    login(client, office.clerk)
    late = reported_number(client, office, title="Late")
    on_time = reported_number(client, office, title="On time")
    with app.app_context():
        today = org_today()
    yesterday = today - timedelta(days=1)
    _set(app, late, due_date=yesterday)
    _set(app, on_time, due_date=today)
    switch(client, office.coordinator)
    with app.test_request_context():
        day = show_date(yesterday)
    assert row_with(_list(client, f"q={late}"), late)[DEADLINE] == f"Due {day} overdue"
    assert _listed(client, "overdue=1") == {late}


@pytest.mark.usefixtures("catalogue")
def test_sorting_by_next_deadline_mixes_agreed_times_and_due_dates(app, client, office):
    login(client, office.clerk)
    agreed = reported_number(client, office, severity="medium")  # covered by the catalogue
    switch(client, office.coordinator)
    act(client, app, agreed, "assign", owner_id=str(office.owner_id))
    _set(app, agreed, response_due_dt=utcnow() + timedelta(days=3), first_response_dt=None)
    with app.app_context():
        ticket = db.session.scalar(select(Ticket).where(Ticket.number == agreed))
        ticket.resolution_due_dt = utcnow() + timedelta(days=5)
        db.session.commit()
    switch(client, office.clerk)
    soon = reported_number(client, office, title="Soon", handoff_id=str(office.other_handoff_id))
    later = reported_number(client, office, title="Later", handoff_id=str(office.other_handoff_id))
    with app.app_context():
        today = org_today()
    _set(app, soon, due_date=today + timedelta(days=1), agreement_id=None)
    _set(app, later, due_date=today + timedelta(days=30), agreement_id=None)
    switch(client, office.coordinator)
    order = [row[0] for row in table_rows(_list(client, "sort=due"))]
    assert order.index(soon) < order.index(agreed) < order.index(later), order
    descending = [row[0] for row in table_rows(_list(client, "sort=-due"))]
    assert descending.index(later) < descending.index(agreed) < descending.index(soon)
