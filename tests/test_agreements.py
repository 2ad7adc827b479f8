"""Service catalogue, validation, deadlines on tickets, waiting for information, the breach job."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from backoffice.agreements.business_time import business_time_between
from backoffice.agreements.calendars import CalendarBook, calendars_by_function
from backoffice.agreements.catalogue import (
    AgreementData,
    CalendarData,
    ServiceData,
    save_agreement,
    save_calendar,
    save_service,
)
from backoffice.agreements.deadlines import apply_agreement
from backoffice.agreements.jobs import check_deadlines
from backoffice.agreements.models import Agreement, BusinessCalendar, Service, TargetUnit
from backoffice.auth.models import User
from backoffice.date_formats import show_datetime
from backoffice.extensions import db
from backoffice.mail.models import OutboxMessage
from backoffice.models import utcnow
from backoffice.org.models import Function
from backoffice.tickets.models import Severity, SlaState, Status, Ticket, TicketEvent
from tests.helpers import login, logout, row_with, submit
from tests.ticket_steps import act, reported_number, ticket_state


def switch(client: Any, email: str) -> None:
    logout(client)
    login(client, email)


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture
def catalogue(app: Flask, office: Any) -> dict[str, int]:
    """Time registration promises: any severity 4 business hours / 3 business days;
    high: same business day / 1 business day. Its calendar never closes (predictable sums)."""
    with app.app_context():
        coordinator = _user(office.coordinator)
        function = db.session.get(Function, office.time_registration_id)
        save_calendar(
            function,
            CalendarData("Europe/Berlin", list(range(7)), time(0), time(23, 59)),
            coordinator,
        )
        service = save_service(
            None,
            ServiceData(
                office.time_registration_id,
                "Questions about hour registrations",
                "Answered the same business day.",
                [office.handoff_id],
            ),
            coordinator,
        )
        general = save_agreement(
            service, None,
            AgreementData(None, None, 4, TargetUnit.HOURS, 3, TargetUnit.DAYS), coordinator,
        )  # fmt: skip
        high = save_agreement(
            service, None,
            AgreementData("high", None, 0, TargetUnit.SAME_DAY, 1, TargetUnit.DAYS), coordinator,
        )  # fmt: skip
        return {"service": service.id, "general": general.id, "high": high.id}


def _calendar(app: Flask, office: Any):  # noqa: ANN202
    with app.app_context():
        return CalendarBook(calendars_by_function()).for_function(office.time_registration_id)


def test_catalogue_is_readable_by_every_user(client, office, catalogue) -> None:
    login(client, office.clerk)
    page = client.get("/agreements/").get_data(as_text=True)
    assert "Questions about hour registrations" in page
    assert "4 business hours" in page and "3 business days" in page
    assert "same business day" in page
    assert "Service agreements" in client.get("/").get_data(as_text=True)  # in the main nav
    assert client.get("/agreements/services/new").status_code == 403


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"response_amount": "", "resolution_amount": "2"}, "response_amount", "Give a target."),
        ({"response_amount": "0", "resolution_amount": "2"}, "response_amount", "more than zero"),
        (
            {"response_amount": "4", "resolution_amount": "400"},
            "resolution_amount",
            "at most a year",
        ),
        ({"response_amount": "4", "resolution_amount": "2"}, "severity", "already"),
    ],
)
def test_bad_agreements_are_refused_at_the_field(
    app, client, office, catalogue, data, field, message
) -> None:
    login(client, office.coordinator)
    url = f"/agreements/services/{catalogue['service']}/agreements/new"
    payload = {"severity": "", "category_id": "0", "response_unit": "hours",
               "resolution_unit": "days", **data}  # fmt: skip
    response = submit(client, url, payload)
    assert response.status_code == 400  # the form again, the input kept
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="{field}-error"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Agreement.id))) == 2  # nothing saved


def test_a_calendar_without_working_days_is_refused(app, client, office, catalogue) -> None:
    login(client, office.coordinator)
    url = f"/agreements/calendars/{office.invoicing_id}"
    response = submit(client, url, {"day_start": "09:00", "day_end": "17:00",
                                    "timezone": "Europe/Berlin", "holiday_country": "DE"})  # fmt: skip
    assert "Choose at least one working day." in response.get_data(as_text=True)
    response = submit(client, url, {"weekdays": ["0", "1"], "day_start": "17:00",
                                    "day_end": "09:00", "timezone": "Mars/Olympus"})  # fmt: skip
    html = response.get_data(as_text=True)
    assert "must end after it starts" in html and "Unknown time zone" in html
    with app.app_context():
        assert db.session.scalar(select(func.count(BusinessCalendar.id))) == 1
    response = submit(client, url, {"weekdays": ["0", "1", "2"], "day_start": "08:00",
                                    "day_end": "16:00", "timezone": "Europe/Amsterdam",
                                    "holiday_country": "NL",
                                    "closing_days": "2026-12-28 Between the years"})  # fmt: skip
    assert response.status_code == 302
    page = client.get("/agreements/").get_data(as_text=True)
    assert "Europe/Amsterdam" in page


def test_a_reported_ticket_gets_due_times_in_business_time(app, client, office, catalogue) -> None:
    login(client, office.clerk)
    number = reported_number(client, office, severity="medium")
    ticket = ticket_state(app, number)
    calendar = _calendar(app, office)
    assert ticket.sla_state == SlaState.OK
    response_time = business_time_between(ticket.created_dt, ticket.response_due_dt, calendar)
    assert response_time == timedelta(hours=4)
    local_due = ticket.resolution_due_dt.astimezone(
        calendar.hours_of(ticket.created_dt.date())[0].tzinfo
    )
    assert ticket.resolution_due_dt > ticket.response_due_dt and local_due
    detail = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "Resolution agreed by" in detail
    listing = client.get("/tickets/?sort=due").get_data(as_text=True)
    assert "Next deadline" in listing and number in listing


def test_lists_show_the_reply_deadline_until_the_owner_reacts(
    app, client, office, catalogue
) -> None:
    login(client, office.clerk)
    number = reported_number(client, office, severity="medium")
    switch(client, office.coordinator)
    act(client, app, number, "assign", owner_id=str(office.owner_id))

    def deadline() -> str:
        listing = client.get(f"/tickets/?q={number}").get_data(as_text=True)
        return row_with(listing, number)[6]  # the "Next deadline" column

    with app.test_request_context():
        reply_due = show_datetime(ticket_state(app, number).response_due_dt)
        resolution_due = show_datetime(ticket_state(app, number).resolution_due_dt)
    assert deadline() == f"First reply due {reply_due}"
    switch(client, office.owner)
    act(client, app, number, "start")
    assert deadline() == f"Resolution due {resolution_due}"


def test_changing_severity_recomputes_and_records(app, client, office, catalogue) -> None:
    login(client, office.clerk)
    number = reported_number(client, office, severity="medium")
    before = ticket_state(app, number)
    with app.app_context():
        from backoffice.tickets.service import TicketData, update_ticket

        ticket = db.session.scalar(select(Ticket).where(Ticket.number == number))
        data = TicketData(ticket.title, ticket.description, ticket.handoff, ticket.category,
                          severity=Severity.HIGH)  # fmt: skip
        update_ticket(ticket, data, _user(office.coordinator), ticket.version)
    after = ticket_state(app, number)
    assert after.agreement_id == catalogue["high"]
    assert after.resolution_due_dt < before.resolution_due_dt
    with app.app_context():
        fields = db.session.scalars(
            select(TicketEvent.field).where(TicketEvent.ticket_id == after.id)
        ).all()
    assert "resolution_due_dt" in fields


def test_changing_an_agreement_recomputes_open_tickets_only(app, client, office, catalogue) -> None:
    login(client, office.clerk)
    open_number = reported_number(client, office, severity="medium")
    closed_number = reported_number(client, office, severity="medium")
    with app.app_context():
        closed = db.session.scalar(select(Ticket).where(Ticket.number == closed_number))
        closed.status = Status.CLOSED
        db.session.commit()
    closed_due = ticket_state(app, closed_number).resolution_due_dt
    open_due = ticket_state(app, open_number).resolution_due_dt
    switch(client, office.coordinator)
    url = f"/agreements/services/{catalogue['service']}/agreements/{catalogue['general']}"
    response = submit(client, url, {"severity": "", "category_id": "0", "response_amount": "4",
                                    "response_unit": "hours", "resolution_amount": "5",
                                    "resolution_unit": "days"})  # fmt: skip
    assert response.status_code == 302
    assert ticket_state(app, open_number).resolution_due_dt > open_due
    assert ticket_state(app, closed_number).resolution_due_dt == closed_due
    detail = client.get(f"/tickets/{open_number}").get_data(as_text=True)
    assert "The service agreement changed." in detail


def test_recomputing_many_tickets_gives_each_the_due_times_it_gets_alone(
    app, client, office, catalogue
) -> None:
    login(client, office.clerk)
    numbers = [reported_number(client, office, severity=s) for s in ("medium", "high", "low")]
    switch(client, office.coordinator)
    url = f"/agreements/services/{catalogue['service']}/agreements/{catalogue['general']}"
    response = submit(client, url, {"severity": "", "category_id": "0", "response_amount": "6",
                                    "response_unit": "hours", "resolution_amount": "2",
                                    "resolution_unit": "days"})  # fmt: skip
    assert response.status_code == 302
    clock = ("agreement_id", "response_due_dt", "resolution_due_dt", "sla_risk_dt", "sla_state")
    with app.app_context():
        for number in numbers:  # recomputed together; now once more on its own
            ticket = db.session.scalar(select(Ticket).where(Ticket.number == number))
            recomputed = [getattr(ticket, name) for name in clock]
            apply_agreement(ticket)
            assert [getattr(ticket, name) for name in clock] == recomputed
        db.session.rollback()


def test_waiting_for_information_pauses_the_clock(app, client, office, catalogue) -> None:
    login(client, office.clerk)
    number = reported_number(client, office, severity="medium")
    switch(client, office.coordinator)
    assert act(client, app, number, "assign", owner_id=str(office.owner_id)).status_code == 302
    switch(client, office.owner)
    assert act(client, app, number, "ask", question="Which project?").status_code == 302
    waiting = ticket_state(app, number)
    assert waiting.status == Status.WAITING and waiting.first_response_dt is not None
    assert "Waiting for information" in client.get(f"/tickets/{number}").get_data(as_text=True)
    with app.app_context():  # pretend the question was asked two days ago
        ticket = db.session.get(Ticket, waiting.id)
        ticket.waiting_since_dt = utcnow() - timedelta(days=2)
        db.session.commit()
    switch(client, office.clerk)
    assert act(client, app, number, "answer", answer="Project P-100.").status_code == 302
    resumed = ticket_state(app, number)
    assert resumed.status == Status.IN_PROGRESS and resumed.waiting_since_dt is None
    assert resumed.paused_s == pytest.approx(2 * 86400 - 2 * 60, abs=120)
    assert resumed.resolution_due_dt - waiting.resolution_due_dt >= timedelta(days=1, hours=23)
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "Waiting for information" in page  # the status change stays in the timeline


def _age(app: Flask, number: str, **shift: timedelta) -> None:
    with app.app_context():
        ticket = db.session.scalar(select(Ticket).where(Ticket.number == number))
        for name, delta in shift.items():
            setattr(ticket, name, getattr(ticket, name) - delta)
        db.session.commit()


def test_breach_job_marks_and_notifies_once(app, client, office, catalogue) -> None:
    login(client, office.clerk)
    number = reported_number(client, office, severity="medium")
    switch(client, office.coordinator)
    act(client, app, number, "assign", owner_id=str(office.owner_id))
    ticket = ticket_state(app, number)
    to_risk = ticket.sla_risk_dt - utcnow() + timedelta(minutes=1)
    _age(app, number, sla_risk_dt=to_risk)
    with app.app_context():
        assert check_deadlines() == {"at_risk": 1, "breached": 0}
        assert check_deadlines() == {"at_risk": 0, "breached": 0}
    assert ticket_state(app, number).sla_state == SlaState.AT_RISK
    overdue = ticket.resolution_due_dt - utcnow() + timedelta(minutes=1)
    _age(app, number, resolution_due_dt=overdue)
    with app.app_context():
        assert check_deadlines()["breached"] == 1
        assert check_deadlines()["breached"] == 0
        mails = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [m.subject.split(":")[0] for m in mails] == [
            f"Ticket {number} is at risk of missing its due time",
            "Service agreement breached",
        ]
        assert "owner@example.com" in mails[1].recipients
        assert "coordinator@example.com" in mails[1].recipients
    breached = ticket_state(app, number)
    assert breached.sla_state == SlaState.BREACHED and breached.sla_outcome_dt is not None
    # Resolving late keeps the breach; reopening keeps the history.
    switch(client, office.owner)
    act(client, app, number, "start")
    act(client, app, number, "resolve", root_cause_id=str(office.root_cause_id),
        corrective_action="Re-exported the hours.", no_prevention_reason="one_off",
        no_prevention_note="A one-time migration.")  # fmt: skip
    assert ticket_state(app, number).sla_state == SlaState.BREACHED


def test_resolving_in_time_is_met_and_reopening_resets(app, client, office, catalogue) -> None:
    login(client, office.clerk)
    number = reported_number(client, office, severity="medium")
    switch(client, office.coordinator)
    act(client, app, number, "assign", owner_id=str(office.owner_id))
    switch(client, office.owner)
    act(client, app, number, "start")
    act(client, app, number, "resolve", root_cause_id=str(office.root_cause_id),
        corrective_action="Fixed the export filter.", preventive_action="Export waits for approval.")  # fmt: skip
    resolved = ticket_state(app, number)
    assert resolved.sla_state == SlaState.MET
    assert resolved.response_s is not None and resolved.resolution_s is not None
    switch(client, office.clerk)
    act(client, app, number, "reopen", reason="Still missing one day.")
    reopened = ticket_state(app, number)
    assert reopened.sla_state == SlaState.OK
    assert reopened.first_response_dt == resolved.first_response_dt  # history kept
    assert reopened.resolution_due_dt == resolved.resolution_due_dt


def test_a_ticket_without_agreement_has_no_due_time(app, client, office) -> None:
    login(client, office.clerk)
    number = reported_number(client, office)
    ticket = ticket_state(app, number)
    assert ticket.sla_state == SlaState.NONE and ticket.resolution_due_dt is None
    with app.app_context():
        assert db.session.scalar(select(func.count(Service.id))) == 0
