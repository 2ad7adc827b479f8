"""Deadlines follow the ticket core's signals; an agreement that cannot fit its calendar is
refused when saved and never stops a report."""

from __future__ import annotations

import logging
from datetime import time
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from backoffice import signals
from backoffice.agreements.catalogue import (
    AgreementData,
    CalendarData,
    save_agreement,
    save_calendar,
)
from backoffice.agreements.listeners import (
    connect_listeners,
    on_ticket_commented,
    on_ticket_edited,
    on_ticket_moved,
    on_ticket_reported,
)
from backoffice.agreements.models import Agreement, Service, TargetUnit
from backoffice.auth.models import User
from backoffice.errors import Invalid
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.org.models import Function
from backoffice.tickets.models import Comment, Severity, SlaState, Status, Ticket
from tests.helpers import login, submit
from tests.test_agreements import catalogue  # noqa: F401  (fixture)
from tests.ticket_steps import reported_number, ticket_state

MORNINGS = CalendarData("Europe/Berlin", [0, 1, 2, 3, 4], time(9), time(13))


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _ticket(number: str) -> Ticket:
    return db.session.scalar(select(Ticket).where(Ticket.number == number))


def _function(office: Any) -> Function:
    return db.session.get(Function, office.time_registration_id)


@pytest.fixture
def number(client, office, catalogue) -> str:  # noqa: F811
    """A medium ticket reported by the clerk, under the catalogue's general agreement."""
    login(client, office.clerk)
    return reported_number(client, office, severity="medium")


def test_each_receiver_is_connected_once_however_many_apps(app: Flask) -> None:
    connect_listeners()  # as a second app built by the factory would
    pairs = [
        (signals.ticket_reported, on_ticket_reported),
        (signals.ticket_edited, on_ticket_edited),
        (signals.ticket_commented, on_ticket_commented),
        (signals.ticket_moved, on_ticket_moved),
    ]
    for signal, receiver in pairs:
        assert list(signal.receivers_for(object())).count(receiver) == 1


def test_a_reported_ticket_gets_its_due_times(app, office, catalogue, number) -> None:  # noqa: F811
    with app.app_context():
        ticket = _ticket(number)
        ticket.agreement_id = ticket.response_due_dt = ticket.resolution_due_dt = None
        signals.ticket_reported.send(ticket, actor=ticket.reporter, at=ticket.created_dt)
        assert ticket.agreement_id == catalogue["general"]
        assert ticket.response_due_dt is not None and ticket.sla_state == SlaState.OK


def test_an_edit_matches_again_only_if_it_can_change(app, office, catalogue, number) -> None:  # noqa: F811
    with app.app_context():
        ticket, coordinator = _ticket(number), _user(office.coordinator)
        ticket.severity = Severity.HIGH
        signals.ticket_edited.send(ticket, actor=coordinator, changed=["title"])
        assert ticket.agreement_id == catalogue["general"]
        signals.ticket_edited.send(ticket, actor=coordinator, changed=["severity"])
        assert ticket.agreement_id == catalogue["high"]


def test_the_owners_comment_is_the_first_response(app, office, number) -> None:
    with app.app_context():
        ticket, owner = _ticket(number), _user(office.owner)
        ticket.owner_id = owner.id
        comment = Comment(ticket_id=ticket.id, author=owner, body="On it.", created_dt=utcnow())
        signals.ticket_commented.send(ticket, actor=owner, comment=comment)
        assert ticket.first_response_dt == comment.created_dt
        assert ticket.response_s is not None


def test_waiting_for_information_pauses_the_clock(app, office, number) -> None:
    with app.app_context():
        ticket, owner = _ticket(number), _user(office.owner)
        ticket.status = Status.WAITING
        signals.ticket_moved.send(ticket, actor=owner, old=Status.NEW, new=Status.WAITING)
        assert ticket.waiting_since_dt is not None
        assert ticket.first_response_dt is not None  # asking is a reaction


def test_a_target_the_calendar_cannot_hold_is_refused(app, client, office, catalogue) -> None:  # noqa: F811
    with app.app_context():
        save_calendar(_function(office), MORNINGS, _user(office.coordinator))
    login(client, office.coordinator)
    url = f"/agreements/services/{catalogue['service']}/agreements/new"
    response = submit(client, url, {"severity": "low", "category_id": "0",
                                    "response_amount": "8760", "response_unit": "hours",
                                    "resolution_amount": "2", "resolution_unit": "days"})  # fmt: skip
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "needs more working time than the calendar" in html
    assert 'id="response_amount-error"' in html
    with app.app_context():
        assert db.session.scalar(select(Agreement).where(Agreement.severity == "low")) is None


def test_working_hours_too_short_for_the_agreements_are_refused(app, office, catalogue) -> None:  # noqa: F811
    with app.app_context():
        coordinator, service = (
            _user(office.coordinator),
            db.session.get(Service, catalogue["service"]),
        )
        save_agreement(service, None, AgreementData(
            Severity.LOW, None, 1, TargetUnit.DAYS, 365, TargetUnit.DAYS), coordinator)  # fmt: skip
        mondays = CalendarData("Europe/Berlin", [0], time(9), time(10))
        with pytest.raises(Invalid) as refusal:
            save_calendar(_function(office), mondays, coordinator)
        assert "needs more working time" in str(refusal.value.errors["day_end"])


def test_a_report_is_saved_when_its_agreement_cannot_fit(app, client, office, catalogue, caplog):  # noqa: ANN201, F811
    login(client, office.clerk)
    kept = reported_number(client, office, severity="medium")
    with app.app_context():  # written past the catalogue's check, as an old database may hold
        save_calendar(_function(office), MORNINGS, _user(office.coordinator))
        general = db.session.get(Agreement, catalogue["general"])
        general.response_amount = 8760
        db.session.commit()
    with caplog.at_level(logging.ERROR):
        number = reported_number(client, office, severity="medium")
    assert "does not fit the calendar" in caplog.text
    reported = ticket_state(app, number)
    assert reported.response_due_dt is None and reported.sla_state == SlaState.NONE
    with app.app_context():  # a receiver recomputing an edited ticket does not fail either
        ticket = _ticket(kept)
        signals.ticket_edited.send(ticket, actor=ticket.reporter, changed=["category"])
        assert ticket.response_due_dt is None and ticket.sla_state == SlaState.NONE
