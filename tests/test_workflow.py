"""The ticket workflow, driven through the pages as each role would."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from backoffice.auth.models import Role, User
from backoffice.errors import Invalid, NotAllowed
from backoffice.extensions import db
from backoffice.org.models import Handoff
from backoffice.org.service import owner_choices
from backoffice.tickets.models import EventKind, Status, Ticket, TicketEvent
from backoffice.tickets.workflow import assign_root_cause_owner, mark_duplicate
from tests.factories import make_ticket, make_user
from tests.helpers import login, logout, submit
from tests.office import Office
from tests.ticket_steps import act, reported_number, resolve_fields, ticket_state


def _events(app: Flask, number: str) -> list[tuple[str, str, str, str]]:
    with app.app_context():
        ticket = db.session.scalar(select(Ticket).where(Ticket.number == number))
        rows = db.session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)
        ).all()
        return [(e.kind.value, e.field, e.old_value, e.new_value) for e in rows]


def _switch(client: FlaskClient, email: str) -> None:
    logout(client)
    login(client, email)


def test_report_assign_work_resolve_confirm(app: Flask, client: FlaskClient, office: Office):
    login(client, office.clerk)
    number = reported_number(client, office)
    assert number.startswith("HD-20") and len(number) == len("HD-2026-00001")
    assert ticket_state(app, number).status == Status.NEW

    _switch(client, office.coordinator)
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "Assign root-cause owner" in page
    # The handoff's default owner is preselected in the assign form.
    assert f'<option selected value="{office.owner_id}">' in page
    response = act(client, app, number, "assign", owner_id=office.owner_id, note="Please check")
    assert response.status_code == 302
    state = ticket_state(app, number)
    assert state.status == Status.ASSIGNED and state.owner_id == office.owner_id
    assert state.due_date is not None  # defaulted by severity

    _switch(client, office.owner)
    assert act(client, app, number, "start").status_code == 302
    response = act(
        client,
        app,
        number,
        "resolve",
        root_cause_id=office.root_cause_id,
        cause_analysis="Why? The export ran before approval.",
        corrective_action="Exported the hours again.",
        preventive_action="Invoice run waits for the approval flag.",
    )
    assert response.status_code == 302
    assert ticket_state(app, number).status == Status.RESOLVED

    _switch(client, office.clerk)
    my_work = client.get("/").get_data(as_text=True)
    assert number in my_work  # awaiting my confirmation
    response = act(
        client, app, number, "close", rating="4", remark="Fixed quickly", defect_gone="yes"
    )
    assert response.status_code == 302
    closed = ticket_state(app, number)
    assert closed.status == Status.CLOSED and closed.rating == 4 and closed.closed_dt
    statuses = [(old, new) for kind, field, old, new in _events(app, number) if kind == "status"]
    assert statuses == [
        ("new", "assigned"),
        ("assigned", "in_progress"),
        ("in_progress", "resolved"),
        ("resolved", "closed"),
    ]
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "Invoice run waits for the approval flag." in page
    assert "changed the status from Resolved to Closed" in page


def test_every_field_change_is_an_event_with_old_and_new(app, client, office):
    login(client, office.clerk)
    number = reported_number(client, office)
    _switch(client, office.coordinator)
    act(client, app, number, "assign", owner_id=office.owner_id, due_date="2026-12-24")
    events = _events(app, number)
    assert events[0][0] == EventKind.CREATED.value
    assert ("field", "owner", "", "Otto Owner") in events
    assert ("field", "due_date", "", "2026-12-24") in events
    with app.app_context():
        actors = db.session.scalars(
            select(TicketEvent.actor_id).where(TicketEvent.field == "owner")
        ).all()
    assert len(actors) == 1 and actors[0] is not None


def test_resolution_needs_root_cause_and_corrective_action(app, client, office):
    login(client, office.clerk)
    number = reported_number(client, office)
    _switch(client, office.coordinator)
    act(client, app, number, "assign", owner_id=office.owner_id)
    _switch(client, office.owner)
    response = act(
        client, app, number, "resolve", root_cause_id="0", corrective_action="",
        cause_analysis="My careful five whys",
    )  # fmt: skip
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Name the root-cause category." in html
    assert "Describe the corrective action." in html
    assert "My careful five whys" in html  # what the user typed is kept
    assert ticket_state(app, number).status == Status.ASSIGNED


def test_dispute_returns_to_coordinator_and_stays_visible(app, client, office):
    login(client, office.clerk)
    number = reported_number(client, office)
    _switch(client, office.coordinator)
    act(client, app, number, "assign", owner_id=office.owner_id)
    _switch(client, office.owner)
    assert act(client, app, number, "dispute", reason="").status_code == 400
    response = act(client, app, number, "dispute", reason="Payroll exported these hours")
    assert response.status_code == 302
    assert ticket_state(app, number).status == Status.DISPUTED

    _switch(client, office.coordinator)
    assert number in client.get("/").get_data(as_text=True)  # back in triage
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "Payroll exported these hours" in page
    act(client, app, number, "assign", owner_id=office.other_owner_id)
    state = ticket_state(app, number)
    assert state.status == Status.ASSIGNED and state.owner_id == office.other_owner_id
    assert state.dispute_count == 1
    assert "disputed once" in client.get(f"/tickets/{number}").get_data(as_text=True)


def test_reopen_reject_and_duplicate(app, client, office):
    login(client, office.clerk)
    first = reported_number(client, office)
    second = reported_number(client, office, title="Same again")
    third = reported_number(client, office, title="Not a defect")
    _switch(client, office.coordinator)
    act(client, app, first, "assign", owner_id=office.owner_id)
    act(client, app, first, "resolve", **resolve_fields(office))
    assert act(client, app, first, "reopen", reason="").status_code == 400
    assert act(client, app, first, "reopen", reason="Came back in November").status_code == 302
    assert ticket_state(app, first).status == Status.IN_PROGRESS

    response = act(client, app, second, "duplicate", original=second)
    assert response.status_code == 400
    assert "No other ticket has this number." in response.get_data(as_text=True)
    assert act(client, app, second, "duplicate", original=first.lower()).status_code == 302
    assert ticket_state(app, second).status == Status.DUPLICATE
    assert second in client.get(f"/tickets/{first}").get_data(as_text=True)  # link shown

    assert act(client, app, third, "reject", reason="Works as agreed").status_code == 302
    rejected = ticket_state(app, third)
    assert rejected.status == Status.REJECTED and rejected.status_reason == "Works as agreed"
    # Terminal: assigning it now is refused with a message, not an error page.
    response = act(client, app, third, "assign", owner_id=office.owner_id)
    assert response.status_code == 409
    assert ticket_state(app, third).status == Status.REJECTED


def test_forbidden_moves_are_403_and_their_buttons_hidden(app, client, office):
    login(client, office.clerk)
    number = reported_number(client, office)
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "Assign root-cause owner" not in page and "Reject: not a defect" not in page
    assert act(client, app, number, "assign", owner_id=office.owner_id).status_code == 403
    assert act(client, app, number, "reject", reason="no").status_code == 403

    _switch(client, office.coordinator)
    act(client, app, number, "assign", owner_id=office.owner_id)
    _switch(client, office.other_owner)  # not the owner of this ticket
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "Not my cause" not in page and "Start work" not in page
    assert act(client, app, number, "start").status_code == 403
    assert act(client, app, number, "dispute", reason="x").status_code == 403
    assert ticket_state(app, number).status == Status.ASSIGNED
    assert client.post("/tickets/HD-1999-99999/start").status_code in (400, 404)


def test_only_reporter_or_coordinator_confirms(app, client, office):
    login(client, office.clerk)
    number = reported_number(client, office)
    _switch(client, office.coordinator)
    act(client, app, number, "assign", owner_id=office.owner_id)
    _switch(client, office.owner)
    act(client, app, number, "resolve", **resolve_fields(office))
    assert act(client, app, number, "close").status_code == 403  # the owner may not
    _switch(client, office.coordinator)
    assert act(client, app, number, "close", defect_gone="yes").status_code == 302


def _assert_changed_meanwhile(response: TestResponse, typed: str) -> str:
    """Refused with 409 and the message; what the user typed is still on the page."""
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "changed this ticket while you were editing" in html
    assert typed in html
    return html


def test_stale_form_is_refused_with_changed_meanwhile(app, client, office):
    login(client, office.clerk)
    number = reported_number(client, office)
    _switch(client, office.coordinator)
    seen = ticket_state(app, number).version
    act(client, app, number, "assign", owner_id=office.owner_id)
    response = act(
        client, app, number, "assign", version=seen, owner_id=office.other_owner_id,
        note="My long note",
    )  # fmt: skip
    _assert_changed_meanwhile(response, "My long note")
    assert ticket_state(app, number).owner_id == office.owner_id


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _assigned_number(app: Flask, office: Office) -> str:
    """A ticket reported by the clerk and assigned to the owner (arranged without pages)."""
    with app.app_context():
        ticket = make_ticket(
            _user(office.clerk), handoff=db.session.get(Handoff, office.handoff_id)
        )
        assign_root_cause_owner(ticket, _user(office.coordinator), _user(office.owner))
        return ticket.number


def test_unknown_action_is_404(app, client, office):
    number = _assigned_number(app, office)
    login(client, office.coordinator)
    assert act(client, app, number, "fly").status_code == 404
    assert act(client, app, number, "comment", body="not a move").status_code == 404
    assert ticket_state(app, number).status == Status.ASSIGNED


def test_forged_edit_after_triage_is_403(app, client, office):
    number = _assigned_number(app, office)
    login(client, office.clerk)
    response = submit(
        client, f"/tickets/{number}/edit", {"title": "Forged", "version": "2"},
        form_url=f"/tickets/{number}",
    )  # fmt: skip
    assert response.status_code == 403
    assert ticket_state(app, number).title != "Forged"


def test_someone_faster_is_409_with_the_text_kept(app, client, office):
    number = _assigned_number(app, office)
    seen = ticket_state(app, number).version
    login(client, office.owner)
    act(client, app, number, "resolve", **resolve_fields(office))
    _switch(client, office.coordinator)
    # The coordinator's form was opened before the owner resolved: resolving fits no more.
    response = act(
        client, app, number, "resolve", version=seen, root_cause_id=office.root_cause_id,
        corrective_action="My careful fix", preventive_action="Waits for approval.",
    )  # fmt: skip
    html = _assert_changed_meanwhile(response, "My careful fix")
    assert "Resolved" in html  # the page shows the ticket as it is now
    assert ticket_state(app, number).corrective_action == "x"


def test_a_clerk_or_an_inactive_user_cannot_own_a_root_cause(app, office):
    with app.app_context():
        coordinator = _user(office.coordinator)
        ticket = make_ticket(_user(office.clerk))
        inactive = make_user("gone@example.com", Role.OWNER, is_active_user=False)
        for candidate in (_user(office.clerk), inactive, None):
            with pytest.raises(Invalid) as refusal:
                assign_root_cause_owner(ticket, coordinator, candidate, expected_version=1)
            assert set(refusal.value.errors) == {"owner_id"}
            db.session.rollback()
        assert ticket.status == Status.NEW and ticket.owner_id is None
        offered = {name for _id, name in owner_choices()}
        assert "Clara Clerk" not in offered and inactive.name not in offered


def test_a_ticket_is_no_duplicate_of_itself(app, office):
    with app.app_context():
        ticket = make_ticket(_user(office.clerk))
        with pytest.raises(Invalid) as refusal:
            mark_duplicate(ticket, _user(office.coordinator), ticket)
        assert refusal.value.errors == {"original": "No other ticket has this number."}
        db.session.rollback()
        assert ticket.status == Status.NEW


def test_the_workflow_refuses_a_user_who_may_not(app, office):
    with app.app_context():
        ticket = make_ticket(_user(office.clerk))
        with pytest.raises(NotAllowed):
            assign_root_cause_owner(ticket, _user(office.clerk), _user(office.owner))
