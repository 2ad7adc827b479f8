"""Saved views of the ticket list: saved, renamed, pinned, published, shared and deleted
through the pages, as their owner, as someone else and as a coordinator.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.org.models import Handoff
from backoffice.tickets.models import Severity
from backoffice.tickets.saved_views import SavedView
from tests.factories import make_ticket
from tests.helpers import field_error, login, logout, submit
from tests.office import Office


def _numbers(html: str) -> set[str]:
    return set(re.findall(r'class="ticket-number">(HD-\d{4}-\d{5})<', html))


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture
def severities(app: Flask, office: Office) -> dict[str, str]:
    """Two critical and one low ticket, reported by the clerk; name → number."""
    with app.app_context():
        handoff = db.session.get(Handoff, office.handoff_id)
        clerk = _user(office.clerk)
        made = {
            "critical": make_ticket(clerk, handoff, title="Invoice blocked", severity=Severity.CRITICAL),
            "critical2": make_ticket(clerk, handoff, title="Payroll stuck", severity=Severity.CRITICAL),
            "low": make_ticket(clerk, handoff, title="Typo in export", severity=Severity.LOW),
        }  # fmt: skip
        return {name: t.number for name, t in made.items()}


def _save(client: FlaskClient, name: str, query: str) -> object:
    return submit(client, "/tickets/views/", {"name": name, "query": query}, form_url="/tickets/")


def _view(app: Flask, name: str) -> SavedView:
    with app.app_context():
        view = db.session.scalar(select(SavedView).where(SavedView.name == name))
        db.session.expunge(view)
        return view


def test_owner_saves_a_view_that_keeps_only_what_the_list_understands(
    app, client, office, severities
):
    login(client, office.clerk)
    query = "severity=critical&open=1&colour=red&page=3&per_page=25&view=999"
    response = _save(client, "  Critical   open ", query)
    assert response.status_code == 302
    view = _view(app, "Critical open")
    assert view.query == "severity=critical&open=1"
    assert response.headers["Location"] == f"/tickets/?severity=critical&open=1&view={view.id}"

    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "View: <strong>Critical open</strong>" in html
    assert _numbers(html) == {severities["critical"], severities["critical2"]}
    # The menu lists it with its live count.
    assert re.search(r">Critical open</a> <span class=\"count\">2</span>", html)


def test_empty_or_taken_names_are_refused_at_the_field(app, client, office, severities):
    login(client, office.clerk)
    assert _save(client, "Critical", "severity=critical").status_code == 302
    empty = _save(client, "   ", "severity=low")
    assert empty.status_code == 400
    assert field_error(empty.get_data(as_text=True), "name") == "Give the view a name."
    taken = _save(client, "critical", "severity=low")
    assert taken.status_code == 400
    assert field_error(taken.get_data(as_text=True), "name") == (
        "You already have a view named “critical”."
    )
    with app.app_context():
        assert db.session.scalars(select(SavedView.name)).all() == ["Critical"]


def test_owner_renames_pins_and_deletes(app, client, office, severities):
    login(client, office.clerk)
    _save(client, "Critical", "severity=critical")
    _save(client, "Low", "severity=low")
    view = _view(app, "Critical")
    taken = submit(
        client, f"/tickets/views/{view.id}/rename", {"name": "Low"}, form_url="/tickets/views/"
    )
    assert taken.status_code == 400
    assert (
        field_error(taken.get_data(as_text=True), "name") == "You already have a view named “Low”."
    )
    renamed = submit(
        client, f"/tickets/views/{view.id}/rename", {"name": "Urgent"}, form_url="/tickets/views/"
    )
    assert renamed.status_code == 302
    assert "Urgent" in client.get("/tickets/views/").get_data(as_text=True)

    submit(client, f"/tickets/views/{view.id}/pin", {"on": "1"}, form_url="/tickets/views/")
    home = client.get("/").get_data(as_text=True)
    assert re.search(r'<h2 id="view-\d+">Urgent <span class="count">2</span></h2>', home)
    assert {severities["critical"], severities["critical2"]} <= _numbers(home)

    submit(client, f"/tickets/views/{view.id}/pin", {"on": "0"}, form_url="/tickets/views/")
    assert "Urgent" not in client.get("/").get_data(as_text=True)
    deleted = submit(
        client,
        f"/tickets/views/{view.id}/delete",
        form_url="/tickets/views/",
        follow_redirects=True,
    )
    assert "View “Urgent” deleted." in unescape(deleted.get_data(as_text=True))
    assert client.get(f"/tickets/views/{view.id}").status_code == 404
    # fmt: skip


def test_others_may_neither_change_nor_open_an_unpublished_view(app, client, office, severities):
    login(client, office.clerk)
    _save(client, "Mine", "severity=critical")
    view = _view(app, "Mine")
    logout(client)
    login(client, office.owner)
    for action, data in (("rename", {"name": "Theirs"}), ("pin", {"on": "1"}), ("delete", {}),
                         ("publish", {"on": "1"})):  # fmt: skip
        response = submit(
            client, f"/tickets/views/{view.id}/{action}", data, form_url="/tickets/views/"
        )
        assert response.status_code == 403, action
    assert client.get(f"/tickets/views/{view.id}").status_code == 404
    assert client.get(f"/tickets/?severity=critical&view={view.id}").status_code == 404
    assert client.get("/tickets/?view=99999999999999").status_code == 404
    assert "Mine" not in client.get("/tickets/").get_data(as_text=True)
    assert _view(app, "Mine").is_pinned is False


def test_only_coordinators_publish_and_everyone_then_sees_the_view(app, client, office, severities):
    login(client, office.clerk)
    _save(client, "Clerk's", "severity=low")
    clerks = _view(app, "Clerk's")
    refused = submit(
        client, f"/tickets/views/{clerks.id}/publish", {"on": "1"}, form_url="/tickets/views/"
    )
    assert refused.status_code == 403
    logout(client)

    login(client, office.coordinator)
    _save(client, "Critical queue", "severity=critical&sort=due")
    queue = _view(app, "Critical queue")
    submit(client, f"/tickets/views/{queue.id}/publish", {"on": "1"}, form_url="/tickets/views/")
    own_list = client.get("/tickets/?severity=critical&sort=due").get_data(as_text=True)
    logout(client)

    login(client, office.clerk)
    menu = client.get("/tickets/").get_data(as_text=True)
    assert "Published views" in menu and "Critical queue" in menu
    # The shared link opens the same filter, named.
    shared = client.get(f"/tickets/views/{queue.id}")
    assert shared.status_code == 302
    assert shared.headers["Location"] == f"/tickets/?severity=critical&sort=due&view={queue.id}"
    html = client.get(shared.headers["Location"]).get_data(as_text=True)
    assert "View: <strong>Critical queue</strong>" in html
    assert _numbers(html) == _numbers(own_list) == {severities["critical"], severities["critical2"]}
    # fmt: skip


def test_views_menu_counts_in_a_fixed_number_of_statements(
    app, client, office, severities, statement_counter
):
    login(client, office.coordinator)
    _save(client, "One", "severity=critical")
    with statement_counter() as few:
        client.get("/tickets/")
    for n in range(7):
        _save(client, f"View {n}", f"severity=low&q={n}")
    logout(client)
    login(client, office.clerk)
    _save(client, "Clerk's", "open=1")
    logout(client)
    login(client, office.coordinator)
    for view in ("View 1", "View 2"):
        vid = _view(app, view).id
        submit(client, f"/tickets/views/{vid}/publish", {"on": "1"}, form_url="/tickets/views/")
    with statement_counter() as many:
        html = client.get("/tickets/").get_data(as_text=True)
    assert "View 6" in html
    assert few.count == many.count, (few, many)
    with statement_counter() as page:
        client.get("/tickets/views/")
    assert page.count <= many.count, page
