"""Reporting, editing, comments, attachments and links on a ticket."""

from __future__ import annotations

import io
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import csrf_token, login, logout, planner_settings, submit
from tests.office import Office
from tests.ticket_steps import act, report, reported_number, ticket_state


def test_report_form_preselects_own_function_and_defaults(client: FlaskClient, office: Office):
    login(client, office.clerk)
    html = client.get("/tickets/new").get_data(as_text=True)
    assert f'<option selected value="{office.invoicing_id}">Invoicing</option>' in html
    assert '<option selected value="EUR">EUR</option>' in html
    assert '<option selected value="medium">Medium</option>' in html
    # Handoffs into the clerk's own function are offered first.
    assert html.index("Time registration → Invoicing") < html.index("Time registration → Payroll")


def test_reported_ticket_keeps_every_field(app: Flask, client: FlaskClient, office: Office):
    login(client, office.clerk)
    number = reported_number(client, office)
    ticket = ticket_state(app, number)
    assert ticket.title == "Hours of week 14 missing at invoice run"
    assert ticket.external_reference == "INV-2026-0412"
    assert ticket.billing_period == "2026-10"
    assert str(ticket.impact_amount) == "1234.50" and ticket.impact_currency == "EUR"
    assert ticket.records_affected == 12
    assert ticket.found_in_function_id == office.invoicing_id
    html = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "€1,234.50" in html and "INV-2026-0412" in html


def test_ticket_numbers_count_up(client, office):
    login(client, office.clerk)
    first = reported_number(client, office)
    second = reported_number(client, office)
    assert int(second[-5:]) == int(first[-5:]) + 1


def test_bad_report_input_shows_errors_at_fields_and_keeps_input(client, office):
    login(client, office.clerk)
    response = report(
        client,
        office,
        title="",
        billing_period="2026-13",
        impact_amount="-5",
        records_affected="many",
        description="Typed with care",
        handoff_id="999999",
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert html.count('class="error"') >= 4
    assert "Use the form YYYY-MM" in html
    assert "Typed with care" in html and 'value="2026-13"' in html
    assert 'aria-invalid="true"' in html
    assert "/tickets/HD-" not in (response.headers.get("Location") or "")


def test_edit_and_changed_meanwhile(app, client, office):
    login(client, office.clerk)
    number = reported_number(client, office)
    logout(client)
    login(client, office.coordinator)
    form_page = f"/tickets/{number}/edit"
    seen_version = ticket_state(app, number).version
    fields = {
        "title": "Corrected title",
        "description": "More precise",
        "handoff_id": office.handoff_id,
        "category_id": office.category_id,
        "severity": "critical",
        "found_in_function_id": office.invoicing_id,
        "impact_currency": "EUR",
        "version": str(seen_version),
    }
    assert submit(client, form_page, fields).status_code == 302
    state = ticket_state(app, number)
    assert state.title == "Corrected title" and state.severity.value == "critical"

    # A second editor who opened the form before that save keeps their text.
    stale = dict(fields, title="My competing title", version=str(seen_version))
    response = submit(client, form_page, stale)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else changed this ticket" in html
    assert 'value="My competing title"' in html
    assert ticket_state(app, number).title == "Corrected title"


def test_reporter_may_edit_only_while_new(app, client, office):
    login(client, office.clerk)
    number = reported_number(client, office)
    assert client.get(f"/tickets/{number}/edit").status_code == 200
    logout(client)
    login(client, office.coordinator)
    act(client, app, number, "assign", owner_id=office.owner_id)
    logout(client)
    login(client, office.clerk)
    assert client.get(f"/tickets/{number}/edit").status_code == 403


def test_comments_appear_on_the_timeline(client, office):
    login(client, office.clerk)
    number = reported_number(client, office)
    url = f"/tickets/{number}/comments"
    empty = submit(client, url, {"body": "  "}, form_url=f"/tickets/{number}")
    assert empty.status_code == 400
    response = submit(client, url, {"body": "Also week 15"}, form_url=f"/tickets/{number}")
    assert response.status_code == 302
    html = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "Also week 15" in html and "Clara Clerk" in html


def _upload(client, number, name, content):
    token = csrf_token(client, f"/tickets/{number}")
    return client.post(
        f"/tickets/{number}/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_attachments_are_checked_stored_privately_and_served_to_users(app, client, office):
    login(client, office.clerk)
    number = reported_number(client, office)
    assert _upload(client, number, "timesheet.pdf", b"%PDF-1.4 test").status_code == 302
    refused = _upload(client, number, "tool.exe", b"MZ")
    assert refused.status_code == 400
    assert "This type of file is not accepted." in refused.get_data(as_text=True)
    app.config["MAX_ATTACHMENT_BYTES"] = 10
    try:
        too_big = _upload(client, number, "big.csv", b"a;b\n" * 10)
    finally:
        app.config["MAX_ATTACHMENT_BYTES"] = 10 * 1024 * 1024
    assert "The file is too large." in too_big.get_data(as_text=True)

    html = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "timesheet.pdf" in html and "big.csv" not in html
    href = html.split('href="/attachments/')[1].split('"')[0]
    download = client.get(f"/attachments/{href}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 test"
    assert download.headers["Content-Disposition"] == "attachment; filename=timesheet.pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert not Path(app.config["ATTACHMENT_DIR"]).exists()  # kept in the database, not on disk

    logout(client)
    anonymous = client.get(f"/attachments/{href}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_links_between_tickets(client, office):
    login(client, office.clerk)
    first = reported_number(client, office)
    second = reported_number(client, office)
    url = f"/tickets/{second}/links"
    unknown = submit(
        client,
        url,
        {"kind": "related_to", "target": "HD-1999-00001"},
        form_url=f"/tickets/{second}",
    )
    assert unknown.status_code == 400 and "No ticket has this number." in unknown.get_data(
        as_text=True
    )
    ok = submit(client, url, {"kind": "related_to", "target": first}, form_url=f"/tickets/{second}")
    assert ok.status_code == 302
    again = submit(
        client, url, {"kind": "related_to", "target": first}, form_url=f"/tickets/{second}"
    )
    assert again.status_code == 400
    assert second in client.get(f"/tickets/{first}").get_data(as_text=True)


def test_ticket_page_statement_count_is_fixed(app, client, office, statement_counter):
    login(client, office.coordinator)
    number = reported_number(client, office)
    with statement_counter() as few:
        assert client.get(f"/tickets/{number}").status_code == 200
    for n in range(8):
        submit(
            client,
            f"/tickets/{number}/comments",
            {"body": f"note {n}"},
            form_url=f"/tickets/{number}",
        )
    act(client, app, number, "assign", owner_id=office.owner_id)
    with statement_counter() as many:
        assert client.get(f"/tickets/{number}").status_code == 200
    # sign-in session with its user, ticket, events, pick-list items (once the history
    # names one), comments, attachments, links, and one per feature panel (effectiveness);
    # on PostgreSQL one more, which sets the join order (`join_in_written_order`)
    assert many.count <= 9 + planner_settings(app), many
    assert few.count <= 8 + planner_settings(app), few


def test_ticket_page_prints(client, office):
    login(client, office.clerk)
    number = reported_number(client, office)
    html = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert 'media="print"' in html
    css = client.get("/static/css/print.css").get_data(as_text=True)
    assert "@page" in css and ".no-print" in css
