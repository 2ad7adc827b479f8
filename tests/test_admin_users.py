"""Administration of users, and who may administer what."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from backoffice.auth.models import Role, User
from backoffice.tickets.models import PickListItem
from tests.admin_steps import admin_nav, audit_trail, pick_form, user_form
from tests.auth_steps import WRONG_PASSWORD_MESSAGE
from tests.factories import make_category, make_function, make_user
from tests.helpers import (
    count,
    field_error,
    input_value,
    login,
    logout,
    row_with,
    selected_option,
    stored_user,
    submit,
)

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
    assert response.status_code == 400
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
    admin_id = stored_user(app, admin).id
    login(client, admin)

    response = submit(
        client, f"/admin/users/{admin_id}", user_form(admin, "Adam Renamed", Role.COORDINATOR)
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(html, "role") == "You cannot take away your own administrator role."
    assert input_value(html, "name") == "Adam Renamed"
    stored = stored_user(app, admin)
    assert (stored.role, stored.name) == (Role.ADMIN, "Adam Admin")
    assert audit_trail(app) == []


def test_admin_cannot_deactivate_self(app: Flask, client: FlaskClient, admin: str):
    admin_id = stored_user(app, admin).id
    login(client, admin)

    response = submit(
        client, f"/admin/users/{admin_id}", user_form(admin, "Adam Admin", Role.ADMIN, active=False)
    )

    assert response.status_code == 400
    assert (
        field_error(response.get_data(as_text=True), "is_active_user")
        == "You cannot deactivate yourself."
    )
    assert stored_user(app, admin).is_active_user is True
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
    assert field_error(refused.get_data(as_text=True), "password") == WRONG_PASSWORD_MESSAGE


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
