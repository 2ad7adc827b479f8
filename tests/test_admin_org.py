"""Administration of functions and the handoffs between them: forms, lists, audit trail."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from backoffice.auth.models import Role
from backoffice.extensions import db
from backoffice.org.models import Function, Handoff
from tests.admin_steps import audit_trail, function_form, handoff_form
from tests.factories import make_function, make_handoff, make_user
from tests.helpers import (
    count,
    field_error,
    input_value,
    login,
    row_with,
    selected_option,
    submit,
    table_rows,
    textarea_text,
)

# --- functions ----------------------------------------------------------------------------


def test_coordinator_creates_a_function_and_the_list_shows_it(
    app: Flask, client: FlaskClient, coordinator: str
):
    with app.app_context():
        lead = make_user("ines@example.com", Role.OWNER, "Ines Invoicing")
        lead_id = lead.id
    login(client, coordinator)

    response = submit(
        client, "/admin/functions/new", function_form("Invoicing", lead_id, "Sends the bills")
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/functions/"
    page = client.get("/admin/functions/").get_data(as_text=True)
    assert row_with(page, "Invoicing") == [
        "Invoicing",
        "Ines Invoicing",
        "Sends the bills",
        "Active",
    ]
    assert "Function Invoicing saved." in page
    assert audit_trail(app) == [(coordinator, "function", "created", "name: None → Invoicing")]


def test_coordinator_renames_and_deactivates_a_function(
    app: Flask, client: FlaskClient, coordinator: str
):
    with app.app_context():
        function_id = make_function("Payroll").id
    login(client, coordinator)

    submit(client, f"/admin/functions/{function_id}", function_form("Payroll & HR", active=False))

    page = client.get("/admin/functions/").get_data(as_text=True)
    assert row_with(page, "Payroll & HR") == ["Payroll & HR", "—", "", "Inactive"]
    assert "Payroll" not in [row[0] for row in table_rows(page)]
    ((actor, entity, action, changes),) = audit_trail(app)
    assert (actor, entity, action) == (coordinator, "function", "updated")
    assert "name: Payroll → Payroll & HR" in changes
    assert "is_active: True → False" in changes


def test_function_form_shows_the_current_values(app: Flask, client: FlaskClient, coordinator: str):
    with app.app_context():
        lead = make_user("ines@example.com", Role.OWNER, "Ines Invoicing")
        function_id = make_function("Invoicing", lead=lead, description="Bills").id
    login(client, coordinator)

    html = client.get(f"/admin/functions/{function_id}").get_data(as_text=True)

    assert input_value(html, "name") == "Invoicing"
    assert selected_option(html, "lead_id") == "Ines Invoicing"
    assert textarea_text(html, "description") == "Bills"


def test_function_needs_a_name_and_keeps_what_was_typed(
    app: Flask, client: FlaskClient, coordinator: str
):
    login(client, coordinator)

    response = submit(client, "/admin/functions/new", function_form("   ", description="Bills"))

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(html, "name") == "This field is required."
    assert textarea_text(html, "description") == "Bills"
    assert count(app, Function) == 0


def test_function_names_are_unique(app: Flask, client: FlaskClient, coordinator: str):
    with app.app_context():
        make_function("Invoicing")
        payroll_id = make_function("Payroll").id
    login(client, coordinator)

    created = submit(client, "/admin/functions/new", function_form(" Invoicing ", description="x"))
    renamed = submit(client, f"/admin/functions/{payroll_id}", function_form("Invoicing"))

    for response in (created, renamed):
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert field_error(html, "name") == "A function with this name exists already."
        assert input_value(html, "name").strip() == "Invoicing"
    names = [row[0] for row in table_rows(client.get("/admin/functions/").get_data(as_text=True))]
    assert names == ["Invoicing", "Payroll"]
    assert audit_trail(app) == []


# --- handoffs -----------------------------------------------------------------------------


@pytest.fixture
def functions(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {name: make_function(name).id for name in ("Time registration", "Invoicing")}


def test_coordinator_creates_a_handoff_and_the_list_shows_it(
    app: Flask, client: FlaskClient, coordinator: str, functions: dict[str, int]
):
    with app.app_context():
        owner_id = make_user("otto@example.com", Role.OWNER, "Otto Owner").id
    login(client, coordinator)

    response = submit(
        client,
        "/admin/handoffs/new",
        handoff_form(
            "approved hours", functions["Time registration"], functions["Invoicing"], owner_id
        ),
    )

    assert response.status_code == 302
    page = client.get("/admin/handoffs/").get_data(as_text=True)
    assert row_with(page, "approved hours") == [
        "Time registration",
        "Invoicing",
        "approved hours",
        "Otto Owner",
        "Active",
    ]
    assert audit_trail(app) == [(coordinator, "handoff", "created", "name: None → approved hours")]


def test_coordinator_edits_a_handoff(
    app: Flask, client: FlaskClient, coordinator: str, functions: dict[str, int]
):
    with app.app_context():
        handoff_id = make_handoff(
            db.session.get(Function, functions["Time registration"]),
            db.session.get(Function, functions["Invoicing"]),
            "hours",
        ).id
    login(client, coordinator)

    response = submit(
        client,
        f"/admin/handoffs/{handoff_id}",
        handoff_form("hours → invoice run", functions["Invoicing"], functions["Time registration"]),
    )

    assert response.status_code == 302
    page = client.get("/admin/handoffs/").get_data(as_text=True)
    assert row_with(page, "hours → invoice run")[:2] == ["Invoicing", "Time registration"]
    ((actor, entity, action, changes),) = audit_trail(app)
    assert (actor, entity, action) == (coordinator, "handoff", "updated")
    assert "name: hours → hours → invoice run" in changes
    assert (
        f"from_function_id: {functions['Time registration']} → {functions['Invoicing']}" in changes
    )


def test_a_handoff_from_a_function_to_itself_is_refused_at_the_field(
    app: Flask, client: FlaskClient, coordinator: str, functions: dict[str, int]
):
    login(client, coordinator)
    invoicing = functions["Invoicing"]

    response = submit(client, "/admin/handoffs/new", handoff_form("loop", invoicing, invoicing))

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(html, "to_function_id") == "A handoff goes from one function to another."
    assert input_value(html, "name") == "loop"
    assert selected_option(html, "from_function_id") == "Invoicing"
    assert count(app, Handoff) == 0


def test_a_duplicate_handoff_is_refused_but_the_opposite_direction_is_not(
    app: Flask, client: FlaskClient, coordinator: str, functions: dict[str, int]
):
    hours, invoicing = functions["Time registration"], functions["Invoicing"]
    login(client, coordinator)
    submit(client, "/admin/handoffs/new", handoff_form("hours", hours, invoicing))

    duplicate = submit(client, "/admin/handoffs/new", handoff_form("hours", hours, invoicing))
    opposite = submit(client, "/admin/handoffs/new", handoff_form("hours", invoicing, hours))

    html = duplicate.get_data(as_text=True)
    assert duplicate.status_code == 400
    assert field_error(html, "name") == "This handoff exists already."
    assert input_value(html, "name") == "hours"
    assert opposite.status_code == 302
    assert count(app, Handoff) == 2


def test_handoff_list_loads_in_a_fixed_number_of_statements(
    app: Flask, client: FlaskClient, coordinator: str, statement_counter
):
    with app.app_context():
        team_ids = [make_function(f"Team {n:02d}").id for n in range(4)]

    def add_handoffs(numbers: range) -> None:
        with app.app_context():
            for n in numbers:
                make_handoff(
                    db.session.get(Function, team_ids[n % 4]),
                    db.session.get(Function, team_ids[(n + 1) % 4]),
                    f"flow {n:02d}",
                    default_owner=make_user(name=f"Owner {n:02d}", role=Role.OWNER),
                )

    login(client, coordinator)
    statements = {}
    for previous, total in ((0, 3), (3, 12)):
        add_handoffs(range(previous, total))
        with statement_counter() as log:
            response = client.get("/admin/handoffs/")
        rows = table_rows(response.get_data(as_text=True))
        assert len(rows) == total
        assert all(row[3].startswith("Owner ") for row in rows)
        assert log.count <= 6, log
        statements[total] = log.count

    assert statements[3] == statements[12]
