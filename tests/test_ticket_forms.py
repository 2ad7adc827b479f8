"""Closing with a labelled rating and "Is the defect gone?"; messages that say what is
missing, at the field; required fields marked for the eye and for screen readers."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.tickets.figures import defect_gone_in, effectiveness_answered_in
from backoffice.tickets.models import Status, Ticket
from tests.helpers import field_error, login, submit
from tests.ticket_steps import act, office_ticket, reported_number, ticket_state

SCALE = [
    "1: not resolved",
    "2: hardly resolved",
    "3: partly resolved",
    "4: mostly resolved",
    "5: resolved for good",
]


def close_form(html: str) -> str:
    start = html.index('id="action-close"')
    return html[start : html.index("</details>", start)]


def test_the_reporter_rates_on_a_labelled_scale_and_says_whether_the_defect_is_gone(
    app: Flask, client, office
) -> None:
    number = office_ticket(app, office, Status.RESOLVED)
    login(client, office.clerk)

    form = close_form(client.get(f"/tickets/{number}").get_data(as_text=True))
    labels = re.findall(
        r'<label class="radio"><input[^>]*name="rating"[^>]*> ([^<]*)</label>', form
    )
    assert labels == SCALE
    assert re.search(r"<legend>Is the defect gone\?<span class=\"required-mark\"", form)

    refused = act(client, app, number, "close", rating="4")
    assert refused.status_code == 400
    assert field_error(refused.get_data(as_text=True), "defect_gone") == (
        "Say whether the defect is gone."
    )
    assert ticket_state(app, number).status == Status.RESOLVED

    assert act(client, app, number, "close", rating="4", defect_gone="no").status_code == 302
    stored = ticket_state(app, number)
    assert (stored.status, stored.rating, stored.defect_gone) == (Status.CLOSED, 4, False)
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert '<dd class="defect-gone">No</dd>' in page
    assert '<dd class="rating">4: mostly resolved</dd>' in page
    closing = next(item for item in re.findall(r'<li class="timeline-item.*?</li>', page, re.S)
                   if "to Closed" in item)  # fmt: skip
    assert "Is the defect gone?" in closing and "4: mostly resolved" in closing


def test_the_effectiveness_figures_count_the_answers(app: Flask, client, office) -> None:
    gone, back = (office_ticket(app, office, Status.RESOLVED) for _ in range(2))
    login(client, office.clerk)
    act(client, app, gone, "close", defect_gone="yes")
    act(client, app, back, "close", defect_gone="no", rating="2")
    office_ticket(app, office, Status.CLOSED)  # closed without the question: not counted
    with app.app_context():
        now = utcnow()
        period = (now - timedelta(hours=1), now + timedelta(hours=1))

        def how_many(conditions: list[Any]) -> int:
            return db.session.scalar(select(func.count()).select_from(Ticket).where(*conditions))

        assert how_many(effectiveness_answered_in(*period)) == 2
        assert how_many(defect_gone_in(*period)) == 1


# (status the ticket is in, who acts, action, the field, what the user is told)
EMPTY_SUBMITS = [
    (Status.ASSIGNED, "owner", "dispute", "reason", "Say why this is not your cause."),
    (Status.NEW, "coordinator", "reject", "reason", "Say why this is not a handoff defect."),
    (Status.RESOLVED, "clerk", "reopen", "reason", "Say why the defect is not resolved."),
    (Status.IN_PROGRESS, "owner", "ask", "question", "Write your question to the reporter."),
    (Status.WAITING, "clerk", "answer", "answer", "Write your answer."),
    (Status.NEW, "coordinator", "duplicate", "original", "Give the number of the original ticket."),
    (Status.IN_PROGRESS, "owner", "resolve", "root_cause_id", "Name the root-cause category."),
    (
        Status.IN_PROGRESS,
        "owner",
        "resolve",
        "corrective_action",
        "Describe the corrective action.",
    ),
    (Status.NEW, "coordinator", "assign", "owner_id", "Choose who owns the root cause."),
    (Status.RESOLVED, "clerk", "close", "defect_gone", "Say whether the defect is gone."),
]


@pytest.mark.parametrize(("status", "who", "action", "name", "message"), EMPTY_SUBMITS)
def test_an_empty_action_form_says_what_is_missing_at_the_field(
    app: Flask, client, office, status, who, action, name, message
) -> None:
    number = office_ticket(app, office, status)
    login(client, getattr(office, who))
    response = act(client, app, number, action, **({"owner_id": ""} if action == "assign" else {}))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert field_error(html, name) == message
    assert "This field is required." not in html


@pytest.mark.parametrize(
    ("path", "data", "name", "message"),
    [
        ("comments", {"body": " "}, "body", "Write your comment."),
        ("links", {"kind": "related_to", "target": ""}, "target",
         "Give the number of the ticket to link."),
        ("attachments", {}, "file", "Choose a file to attach."),
    ],
)  # fmt: skip
def test_comment_link_and_attachment_say_what_is_missing(
    app: Flask, client, office, path, data, name, message
) -> None:
    login(client, office.clerk)
    number = reported_number(client, office)
    url = f"/tickets/{number}"
    response = submit(client, f"{url}/{path}", data, form_url=url)
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), name) == message


def test_the_report_form_says_what_is_missing(client, office) -> None:
    login(client, office.clerk)
    response = submit(client, "/tickets/new", {"title": "", "description": ""})
    html = response.get_data(as_text=True)
    assert field_error(html, "title") == "Say in one line what went wrong."
    assert field_error(html, "description") == "Describe what happened."


def required_marks(html: str) -> tuple[list[str], list[str], list[str]]:
    """Per form: the required controls, those whose field shows the mark, and legends."""
    forms = re.findall(r"<form\b.*?</form>", html, re.DOTALL)
    unmarked, legends = [], []
    required = []
    for form in forms:
        fields = re.findall(
            r'<div class="field[^"]*">.*?</div>\s*(?=<div class="field|<div class="actions|<p class="help|</form>|<button|<fieldset|</div>)',
            form,
            re.S,
        )  # noqa: E501
        names = set(
            re.findall(r'<(?:input|select|textarea)\b[^>]*\brequired\b[^>]*\bname="([^"]+)"', form)
        )
        names |= set(
            re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"[^>]*\brequired\b', form)
        )
        required += sorted(names)
        for name in names:
            block = next((f for f in fields if f'name="{name}"' in f), "")
            if 'class="required-mark"' not in block:
                unmarked.append(name)
        if names:
            legends.append(str(form.count('class="required-legend"')))
    return required, unmarked, legends


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("clerk", "/tickets/new"),
        ("coordinator", "ticket"),
        ("owner", "ticket"),
        ("coordinator", "ticket/edit"),
        ("admin", "/admin/users/new"),
        ("admin", "/admin/functions/new"),
        ("admin", "/admin/handoffs/new"),
        ("coordinator", "/agreements/services/new"),
        ("coordinator", "ticket-resolved"),
    ],
)
def test_every_required_field_is_marked_once_per_form(app: Flask, client, office, who, url):
    status = Status.RESOLVED if url == "ticket-resolved" else Status.IN_PROGRESS
    number = office_ticket(app, office, status)
    if url.startswith("ticket"):
        url = f"/tickets/{number}" + ("/edit" if url.endswith("edit") else "")
    login(client, getattr(office, who))
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)

    required, unmarked, legends = required_marks(html)

    assert required, "the page has required fields"
    assert unmarked == [], unmarked
    assert set(legends) == {"1"}, legends  # "* required" once per form with such fields
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*\brequired\b[^>]*>", html):
        if 'type="radio"' not in tag:
            assert 'aria-required="true"' in tag, tag
