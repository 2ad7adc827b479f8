"""Pick-list labels in the reader's language, and a missing one shown as another language, never silently."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from backoffice.auth.models import User
from backoffice.demo.texts import DEFAULT_PICK_LISTS
from backoffice.extensions import db
from backoffice.tickets.models import PickListItem, PickListKind
from tests.factories import make_category
from tests.helpers import field_error, login, row_with, select_options
from tests.office import Office
from tests.ticket_steps import edit, reported_number

FALLBACK_MARK = '<small class="lang-fallback" lang="en" title="English">(en)</small>'


def german_reader(app: Flask, client: FlaskClient, email: str) -> None:
    with app.app_context():
        db.session.scalar(select(User).filter_by(email=email)).locale = "de"
        db.session.commit()
    login(client, email)


def test_a_label_missing_in_german_is_shown_in_english_marked_as_english(
    app: Flask, client: FlaskClient, office: Office
):
    with app.app_context():
        late = make_category("late_delivery", "Late delivery", label_nl="Te late aanlevering")
    german_reader(app, client, office.clerk)
    number = reported_number(client, office, category_id=late.id)
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert f'<span lang="en">Late delivery</span> {FALLBACK_MARK}' in page
    assert "Late delivery (en)" in select_options(
        client.get("/tickets/new").get_data(as_text=True), "category_id"
    )


def test_a_label_given_in_german_is_shown_plain(app: Flask, client: FlaskClient, office: Office):
    german_reader(app, client, office.clerk)
    number = reported_number(client, office)
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "<dd>Fehlende Stunden</dd>" in page
    assert "lang-fallback" not in page


def test_the_timeline_names_a_changed_category_in_the_readers_language(
    app: Flask, client: FlaskClient, office: Office
):
    with app.app_context():
        late = make_category("late_delivery", "Late delivery", label_de="Verspätete Lieferung")
    german_reader(app, client, office.coordinator)
    number = reported_number(client, office)
    response = edit(client, office, number, category_id=late.id)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert (
        '<span class="old">Fehlende Stunden</span> → <span class="new">Verspätete Lieferung</span>'
        in page
    )


def test_the_admin_sees_which_labels_are_missing(app: Flask, client: FlaskClient, office: Office):
    with app.app_context():
        late = make_category("late_delivery", "Late delivery", label_de="Verspätete Lieferung")
    login(client, office.admin)
    listing = client.get("/admin/pick-lists/").get_data(as_text=True)
    assert row_with(listing, "Late delivery")[2:4] == ["Verspätete Lieferung", "missing"]
    assert "2 entries lack a label" in listing  # the office's categories have no Dutch either
    form = client.get(f"/admin/pick-lists/category/{late.id}").get_data(as_text=True)
    assert "Missing labels: Dutch." in form
    assert field_error(form, "label_nl") is None


def test_every_default_pick_list_item_has_all_three_labels():
    for kind, items in DEFAULT_PICK_LISTS.items():
        for code, *labels in items:
            assert all(label.strip() for label in labels), (kind, code)


def test_flask_init_fills_in_the_missing_labels_of_default_items(app: Flask, runner):
    with app.app_context():
        make_category("late_delivery", "Late delivery")  # from an install before the labels
        make_category("own_category", "Own category")
        make_category("other", "Something else")  # renamed by the admin: a new meaning
    with app.app_context():  # as `flask` runs its commands
        for _ in range(2):  # safe to run again
            assert runner.invoke(args=["init"]).exit_code == 0
        labels = {
            item.code: (item.label_de, item.label_nl)
            for item in db.session.scalars(
                select(PickListItem).where(PickListItem.kind == PickListKind.CATEGORY)
            )
        }
    assert labels["late_delivery"] == ("Verspätete Lieferung", "Te late aanlevering")
    assert labels["missing_hours"] == ("Fehlende Stunden", "Ontbrekende uren")
    assert labels["own_category"] == ("", "")
    assert labels["other"] == ("", "")
