"""Administration of the pick-lists (categories, root causes) in three languages."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from backoffice.extensions import db
from backoffice.tickets.models import PickListItem, PickListKind
from tests.admin_steps import audit_trail, pick_form
from tests.factories import make_category, make_ticket, make_user
from tests.helpers import (
    count,
    field_error,
    input_value,
    login,
    logout,
    row_with,
    select_options,
    submit,
)


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
