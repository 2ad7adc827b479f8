"""The report form: nothing chosen for the clerk, handoffs named by the functions they join."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask
from flask.testing import FlaskClient

from backoffice.extensions import db
from backoffice.org.models import Function
from tests.factories import make_user
from tests.helpers import field_error, login, selected_option
from tests.office import Office
from tests.ticket_steps import report

TIME_TO_INVOICING = "Time registration → Invoicing: approved hours → invoice run"
TIME_TO_PAYROLL = "Time registration → Payroll: hours → payroll run"


def option_groups(html: str, name: str) -> list[tuple[str | None, list[str]]]:
    """[(optgroup label or None, [option texts])] of a <select name=...>, in page order."""
    match = re.search(rf'<select\b[^>]*\bname="{name}"[^>]*>(.*?)</select>', html, re.DOTALL)
    assert match, f"no select named {name!r}"
    groups: list[tuple[str | None, list[str]]] = []
    for group_label, inside, lone in re.findall(
        r'<optgroup label="([^"]*)">(.*?)</optgroup>|(<option\b.*?</option>)', match.group(1)
    ):
        texts = [
            unescape(t).strip()
            for t in re.findall(r"<option\b[^>]*>(.*?)</option>", inside or lone)
        ]
        label = unescape(group_label) if inside else None
        if groups and label is None and groups[-1][0] is None:
            groups[-1][1].extend(texts)  # options outside any group, one after another
        else:
            groups.append((label, texts))
    return groups


def test_handoff_and_category_start_empty(client: FlaskClient, office: Office):
    login(client, office.clerk)
    html = client.get("/tickets/new").get_data(as_text=True)
    assert selected_option(html, "handoff_id") == "— choose —"
    assert selected_option(html, "category_id") == "— choose —"


def test_handoffs_into_the_reporters_function_come_first_named_by_their_functions(
    client: FlaskClient, office: Office
):
    login(client, office.clerk)  # works in Invoicing
    html = client.get("/tickets/new").get_data(as_text=True)
    assert option_groups(html, "handoff_id") == [
        (None, ["— choose —"]),
        ("Into your function", [TIME_TO_INVOICING]),
        ("Other handoffs", [TIME_TO_PAYROLL]),
    ]
    assert 'data-filter="Find a handoff"' in html
    assert "js/select-filter.js" in html


def test_a_reporter_without_a_handoff_into_the_function_sees_one_plain_list(
    app: Flask, client: FlaskClient, office: Office
):
    with app.app_context():
        make_user("nobody@example.com")
    login(client, "nobody@example.com")
    html = client.get("/tickets/new").get_data(as_text=True)
    assert option_groups(html, "handoff_id") == [
        (None, ["— choose —", TIME_TO_INVOICING, TIME_TO_PAYROLL])
    ]


def test_a_report_without_handoff_and_category_is_refused_at_both_fields(
    client: FlaskClient, office: Office
):
    login(client, office.clerk)
    response = report(client, office, handoff_id="", category_id="")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(html, "handoff_id") == "Choose the handoff where the defect arose."
    assert field_error(html, "category_id") == "Choose a category."
    assert selected_option(html, "handoff_id") == "— choose —"


def test_a_german_clerk_is_told_in_german(app: Flask, client: FlaskClient, office: Office):
    with app.app_context():
        invoicing = db.session.get(Function, office.invoicing_id)
        make_user("klara@example.com", locale="de", function=invoicing)
    login(client, "klara@example.com")
    html = report(client, office, handoff_id="", category_id="").get_data(as_text=True)
    assert field_error(html, "handoff_id") == (
        "Wählen Sie die Übergabe, bei der der Fehler entstanden ist."
    )
    assert field_error(html, "category_id") == "Wählen Sie eine Kategorie."
    groups = [label for label, _ in option_groups(html, "handoff_id")]
    assert groups == [None, "In Ihren Bereich", "Weitere Übergaben"]
    assert 'data-filter="Übergabe suchen"' in html


def test_the_edit_form_keeps_the_tickets_handoff_and_category(
    client: FlaskClient, office: Office, reported_ticket: str
):
    login(client, office.coordinator)
    html = client.get(f"/tickets/{reported_ticket}/edit").get_data(as_text=True)
    assert selected_option(html, "handoff_id") == TIME_TO_INVOICING
    assert selected_option(html, "category_id") == "Missing hours"


def test_a_handoff_id_no_database_holds_is_refused_at_the_field(
    client: FlaskClient, office: Office
):
    login(client, office.clerk)
    for bad in ("99999999999999999999", "-1", "¹"):
        response = report(client, office, handoff_id=bad)
        assert response.status_code == 400
        assert field_error(response.get_data(as_text=True), "handoff_id")
