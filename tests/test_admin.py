"""Administration: functions, handoffs, users and pick-lists, their audit trail and access."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from backoffice.audit import AuditEntry
from backoffice.auth.models import Role, User
from backoffice.extensions import db
from backoffice.org.models import Function, Handoff
from backoffice.tickets.models import PickListItem, PickListKind
from tests.factories import (
    make_category,
    make_function,
    make_handoff,
    make_ticket,
    make_user,
)
from tests.helpers import login, logout, submit

# --- reading pages ------------------------------------------------------------------------


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag == "td" and self._in_body:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    """The cell texts of every table body row on the page."""
    reader = _TableReader()
    reader.feed(html)
    return reader.rows


def row_with(html: str, text: str) -> list[str]:
    rows = [row for row in table_rows(html) if text in row]
    assert len(rows) == 1, f"{len(rows)} rows with {text!r}: {table_rows(html)}"
    return rows[0]


def field_error(html: str, field_id: str) -> str | None:
    match = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', html, re.DOTALL)
    return unescape(match.group(1)).strip() if match else None


def input_value(html: str, name: str) -> str | None:
    for tag in re.findall(r"<input\b[^>]*>", html):
        if re.search(rf'\bname="{name}"', tag):
            value = re.search(r'\bvalue="([^"]*)"', tag)
            return unescape(value.group(1)) if value else None
    raise AssertionError(f"no input named {name!r} on the page")


def textarea_text(html: str, name: str) -> str:
    match = re.search(rf'<textarea\b[^>]*\bname="{name}"[^>]*>(.*?)</textarea>', html, re.DOTALL)
    assert match, f"no textarea named {name!r}"
    return unescape(match.group(1)).strip()


def select_options(html: str, name: str) -> dict[str, str]:
    """{option label: value} of a <select name=...>."""
    match = re.search(rf'<select\b[^>]*\bname="{name}"[^>]*>(.*?)</select>', html, re.DOTALL)
    assert match, f"no select named {name!r}"
    options = re.findall(r'<option\b[^>]*\bvalue="([^"]*)"[^>]*>(.*?)</option>', match.group(1))
    return {unescape(label).strip(): value for value, label in options}


def selected_option(html: str, name: str) -> str:
    match = re.search(rf'<select\b[^>]*\bname="{name}"[^>]*>(.*?)</select>', html, re.DOTALL)
    assert match, f"no select named {name!r}"
    chosen = re.search(r"<option\b[^>]*\bselected\b[^>]*>(.*?)</option>", match.group(1))
    assert chosen, f"nothing selected in {name!r}"
    return unescape(chosen.group(1)).strip()


def admin_nav(html: str) -> list[str]:
    nav = re.search(r'<nav class="admin-nav".*?</nav>', html, re.DOTALL)
    assert nav, "no admin navigation"
    return [unescape(t) for t in re.findall(r"<a\b[^>]*>([^<]*)</a>", nav.group(0))]


# --- data ---------------------------------------------------------------------------------


def audit_trail(app: Flask) -> list[tuple[str, str, str, str]]:
    """(actor e-mail, entity, action, changes) of every change made by a person, oldest first."""
    with app.app_context():
        rows = db.session.execute(
            select(User.email, AuditEntry.entity, AuditEntry.action, AuditEntry.changes)
            .join(User, AuditEntry.actor_id == User.id)
            .order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def user_by_email(app: Flask, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


@pytest.fixture
def coordinator(app: Flask) -> str:
    with app.app_context():
        return make_user("cora@example.com", Role.COORDINATOR, "Cora Coordinator").email


@pytest.fixture
def admin(app: Flask) -> str:
    with app.app_context():
        return make_user("adam@example.com", Role.ADMIN, "Adam Admin").email


def function_form(name: str, lead_id: int = 0, description: str = "", active: bool = True) -> dict:
    form = {"name": name, "lead_id": str(lead_id), "description": description}
    return form | ({"is_active": "y"} if active else {})


def handoff_form(
    name: str, from_id: int, to_id: int, owner_id: int = 0, active: bool = True
) -> dict:
    form = {
        "name": name,
        "from_function_id": str(from_id),
        "to_function_id": str(to_id),
        "default_owner_id": str(owner_id),
        "description": "",
    }
    return form | ({"is_active": "y"} if active else {})


def user_form(
    email: str,
    name: str,
    role: Role,
    function_id: int = 0,
    password: str = "",
    active: bool = True,
) -> dict:
    form = {
        "email": email,
        "name": name,
        "role": role.value,
        "function_id": str(function_id),
        "locale": "",
        "password": password,
    }
    return form | ({"is_active_user": "y"} if active else {})


def pick_form(en: str, de: str = "", nl: str = "", position: int = 0, active: bool = True) -> dict:
    form = {"label_en": en, "label_de": de, "label_nl": nl, "position": str(position)}
    return form | ({"is_active": "y"} if active else {})


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
    assert response.status_code == 200
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
        assert response.status_code == 200
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
    assert response.status_code == 200
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
    assert duplicate.status_code == 200
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


# --- users --------------------------------------------------------------------------------


def test_admin_creates_a_user_who_can_then_sign_in(app: Flask, client: FlaskClient, admin: str):
    with app.app_context():
        function_id = make_function("Invoicing").id
    login(client, admin)

    response = submit(
        client,
        "/admin/users/new",
        user_form("Nina@Example.com", "Nina New", Role.OWNER, function_id, "nina-password-1"),
    )

    assert response.status_code == 302
    page = client.get("/admin/users/").get_data(as_text=True)
    assert row_with(page, "Nina New") == [
        "Nina New",
        "nina@example.com",
        "Owner",
        "Invoicing",
        "Browser language",
        "Active",
    ]
    ((actor, entity, action, changes),) = audit_trail(app)
    assert (actor, entity, action, changes) == (admin, "user", "created", "role: None → owner")
    assert "nina-password-1" not in changes
    logout(client)
    login(client, "nina@example.com", "nina-password-1")


@pytest.mark.parametrize(
    ("email", "password", "field", "message"),
    [
        ("nina@example.com", "", "password", "A new user needs a password."),
        (
            "nina@example.com",
            "short",
            "password",
            "Field must be between 10 and 200 characters long.",
        ),
        (
            "ADAM@example.com",
            "nina-password-1",
            "email",
            "Another user already has this e-mail address.",
        ),
        ("not-an-address", "nina-password-1", "email", "Invalid email address."),
    ],
)
def test_new_user_form_errors_stay_at_the_field(
    app: Flask, client: FlaskClient, admin: str, email: str, password: str, field: str, message: str
):
    login(client, admin)

    response = submit(
        client, "/admin/users/new", user_form(email, "Nina New", Role.CLERK, password=password)
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_error(html, field) == message
    assert input_value(html, "name") == "Nina New"
    assert input_value(html, "email") == email
    assert count(app, User) == 1


def test_admin_changes_role_and_function_of_a_user(app: Flask, client: FlaskClient, admin: str):
    with app.app_context():
        function_id = make_function("Payroll").id
        user = make_user("carl@example.com", Role.CLERK, "Carl Clerk")
        user_id = user.id
    login(client, admin)

    response = submit(
        client,
        f"/admin/users/{user_id}",
        user_form("carl@example.com", "Carl Clerk", Role.COORDINATOR, function_id),
    )

    assert response.status_code == 302
    row = row_with(client.get("/admin/users/").get_data(as_text=True), "Carl Clerk")
    assert row[2:4] == ["Coordinator", "Payroll"]
    ((actor, entity, action, changes),) = audit_trail(app)
    assert (actor, entity, action) == (admin, "user", "updated")
    assert "role: clerk → coordinator" in changes
    assert f"function_id: None → {function_id}" in changes
    logout(client)
    login(client, "carl@example.com")
    assert client.get("/admin/functions/").status_code == 200  # the new role takes effect


def test_user_form_shows_the_current_values(app: Flask, client: FlaskClient, admin: str):
    with app.app_context():
        payroll = make_function("Payroll")
        user_id = make_user(
            "carl@example.com", Role.OWNER, "Carl", function=payroll, locale="nl"
        ).id
    login(client, admin)

    html = client.get(f"/admin/users/{user_id}").get_data(as_text=True)

    assert input_value(html, "email") == "carl@example.com"
    assert selected_option(html, "role") == "Owner"
    assert selected_option(html, "function_id") == "Payroll"
    assert selected_option(html, "locale") == "Nederlands"
    assert not input_value(html, "password")


def test_admin_sets_a_new_password_for_a_user(app: Flask, client: FlaskClient, admin: str):
    with app.app_context():
        user_id = make_user("carl@example.com", Role.CLERK, "Carl Clerk").id
    login(client, admin)

    submit(
        client,
        f"/admin/users/{user_id}",
        user_form("carl@example.com", "Carl Clerk", Role.CLERK, password="reset-password-1"),
    )

    ((_, _, action, changes),) = audit_trail(app)
    assert (action, changes) == ("updated", "password: *** → ***")
    logout(client)
    login(client, "carl@example.com", "reset-password-1")


def test_admin_cannot_take_away_own_admin_role(app: Flask, client: FlaskClient, admin: str):
    admin_id = user_by_email(app, admin).id
    login(client, admin)

    response = submit(
        client, f"/admin/users/{admin_id}", user_form(admin, "Adam Renamed", Role.COORDINATOR)
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_error(html, "role") == "You cannot take away your own administrator role."
    assert input_value(html, "name") == "Adam Renamed"
    stored = user_by_email(app, admin)
    assert (stored.role, stored.name) == (Role.ADMIN, "Adam Admin")
    assert audit_trail(app) == []


def test_admin_cannot_deactivate_self(app: Flask, client: FlaskClient, admin: str):
    admin_id = user_by_email(app, admin).id
    login(client, admin)

    response = submit(
        client, f"/admin/users/{admin_id}", user_form(admin, "Adam Admin", Role.ADMIN, active=False)
    )

    assert response.status_code == 200
    assert (
        field_error(response.get_data(as_text=True), "is_active_user")
        == "You cannot deactivate yourself."
    )
    assert user_by_email(app, admin).is_active_user is True
    assert client.get("/admin/users/").status_code == 200  # still signed in


def test_admin_deactivates_another_user_who_can_no_longer_sign_in(
    app: Flask, client: FlaskClient, admin: str
):
    with app.app_context():
        user_id = make_user("carl@example.com", Role.CLERK, "Carl Clerk").id
    login(client, admin)

    submit(
        client,
        f"/admin/users/{user_id}",
        user_form("carl@example.com", "Carl Clerk", Role.CLERK, active=False),
    )

    assert row_with(client.get("/admin/users/").get_data(as_text=True), "Carl Clerk")[-1] == (
        "Inactive"
    )
    other = app.test_client()
    refused = submit(other, "/login", {"email": "carl@example.com", "password": "demo-password"})
    assert field_error(refused.get_data(as_text=True), "password") == "E-mail or password is wrong."


# --- pick-lists ---------------------------------------------------------------------------


def test_admin_creates_a_category_in_three_languages(app: Flask, client: FlaskClient, admin: str):
    with app.app_context():
        make_user("dora@example.com", locale="de")
    login(client, admin)

    response = submit(
        client,
        "/admin/pick-lists/category/new",
        pick_form("Wrong rate", "Falscher Satz", "Verkeerd tarief", position=3),
    )

    assert response.status_code == 302
    page = client.get("/admin/pick-lists/").get_data(as_text=True)
    assert row_with(page, "Wrong rate") == [
        "3",
        "Wrong rate",
        "Falscher Satz",
        "Verkeerd tarief",
        "Active",
    ]
    assert "Wrong rate" in select_options(
        client.get("/tickets/new").get_data(as_text=True), "category_id"
    )
    assert audit_trail(app) == [(admin, "pick_list_item", "created", "label_en: None → Wrong rate")]
    logout(client)
    login(client, "dora@example.com")
    german_form = client.get("/tickets/new").get_data(as_text=True)
    assert "Falscher Satz" in select_options(german_form, "category_id")


def test_admin_edits_a_category_and_its_code_stays(app: Flask, client: FlaskClient, admin: str):
    with app.app_context():
        item_id = make_category("wrong_rate", "Wrong rate").id
    login(client, admin)

    response = submit(
        client,
        f"/admin/pick-lists/category/{item_id}",
        pick_form("Wrong hourly rate", "Falscher Stundensatz"),
    )

    assert response.status_code == 302
    page = client.get("/admin/pick-lists/").get_data(as_text=True)
    assert row_with(page, "Wrong hourly rate")[2] == "Falscher Stundensatz"
    with app.app_context():
        assert db.session.get(PickListItem, item_id).code == "wrong_rate"
    ((actor, _, action, changes),) = audit_trail(app)
    assert (actor, action) == (admin, "updated")
    assert "label_en: Wrong rate → Wrong hourly rate" in changes


def test_a_deactivated_category_leaves_the_report_form_but_old_tickets_keep_it(
    app: Flask, client: FlaskClient, admin: str
):
    with app.app_context():
        make_category("missing_hours", "Missing hours")
        retired = make_category("fax_lost", "Fax got lost")
        number = make_ticket(category=retired).number
        retired_id = retired.id
    login(client, admin)
    assert "Fax got lost" in select_options(
        client.get("/tickets/new").get_data(as_text=True), "category_id"
    )

    submit(
        client, f"/admin/pick-lists/category/{retired_id}", pick_form("Fax got lost", active=False)
    )

    choices = select_options(client.get("/tickets/new").get_data(as_text=True), "category_id")
    assert "Fax got lost" not in choices
    assert "Missing hours" in choices
    assert "Fax got lost" in client.get(f"/tickets/{number}").get_data(as_text=True)
    assert row_with(client.get("/admin/pick-lists/").get_data(as_text=True), "Fax got lost")[
        -1
    ] == ("Inactive")
    ((_, _, action, changes),) = audit_trail(app)
    assert (action, changes) == ("updated", "is_active: True → False")


def test_a_duplicate_label_is_refused_at_the_field(app: Flask, client: FlaskClient, admin: str):
    with app.app_context():
        make_category("wrong_rate", "Wrong rate")
    login(client, admin)

    response = submit(client, "/admin/pick-lists/category/new", pick_form("Wrong  Rate!", "Satz"))

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_error(html, "label_en") == "An entry with this label exists already."
    assert input_value(html, "label_de") == "Satz"
    assert count(app, PickListItem) == 1


def test_root_causes_are_their_own_list(app: Flask, client: FlaskClient, admin: str):
    with app.app_context():
        make_category("wrong_rate", "Wrong rate")
    login(client, admin)

    response = submit(client, "/admin/pick-lists/root_cause/new", pick_form("Wrong rate"))

    assert response.status_code == 302
    with app.app_context():
        kinds = db.session.scalars(select(PickListItem.kind).order_by(PickListItem.id)).all()
    assert kinds == [PickListKind.CATEGORY, PickListKind.ROOT_CAUSE]


# --- who may administer what --------------------------------------------------------------


def test_coordinator_sees_functions_and_handoffs_only(
    app: Flask, client: FlaskClient, coordinator: str
):
    with app.app_context():
        item_id = make_category().id
        user_id = make_user().id
    login(client, coordinator)

    nav = admin_nav(client.get("/admin/").get_data(as_text=True))
    assert {"Functions", "Handoffs"} <= set(nav)
    assert not {"Users", "Pick-lists"} & set(nav)
    for path in (
        "/admin/functions/",
        "/admin/functions/new",
        "/admin/handoffs/",
        "/admin/handoffs/new",
    ):
        assert client.get(path).status_code == 200, path
    for path in (
        "/admin/users/",
        "/admin/users/new",
        f"/admin/users/{user_id}",
        "/admin/pick-lists/",
        f"/admin/pick-lists/category/{item_id}",
    ):
        assert client.get(path).status_code == 403, path
    forbidden = submit(
        client, "/admin/pick-lists/category/new", pick_form("Sneaky"), form_url="/admin/"
    )
    assert forbidden.status_code == 403
    assert count(app, PickListItem) == 1


def test_admin_sees_every_administration_page(client: FlaskClient, admin: str):
    login(client, admin)
    nav = admin_nav(client.get("/admin/").get_data(as_text=True))
    assert {"Functions", "Handoffs", "Users", "Pick-lists"} <= set(nav)
    for path in ("/admin/users/", "/admin/users/new", "/admin/pick-lists/"):
        assert client.get(path).status_code == 200, path
