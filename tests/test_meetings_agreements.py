"""The agenda's service-agreement section: the quarter's achievement per function and the
breached tickets, on the page, in the print view, in the PDF and frozen in a snapshot."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from html import unescape

from sqlalchemy import select

from backoffice.extensions import db
from backoffice.meetings.agenda import build_agenda
from backoffice.meetings.agenda_json import agenda_to_json
from backoffice.meetings.commands import publish_agenda
from backoffice.meetings.queries import current_agenda
from backoffice.tickets.models import SlaState, Ticket
from tests.helpers import login
from tests.meetings_steps import NOW, pdf_text, planned_review, ticket_at, user
from tests.test_agreements import catalogue  # noqa: F401  (fixture)

# (title, state, outcome, response seconds, resolution seconds, measures)
OUTCOMES = [
    ("Hours of week 40 missing", SlaState.MET, datetime(2026, 10, 5, 12, tzinfo=UTC), 3600, 36000, ""),
    ("Rates of October wrong", SlaState.MET, datetime(2026, 11, 2, 9, tzinfo=UTC), 7200, 72000, ""),
    ("Export ran before approval", SlaState.BREACHED, datetime(2026, 11, 10, 9, tzinfo=UTC),
     10800, 108000, "Export filter fixed."),
    ("Breached last quarter", SlaState.BREACHED, datetime(2026, 9, 1, 9, tzinfo=UTC), 900, None, ""),
]  # fmt: skip


def _measured(office) -> list[str]:  # noqa: ANN001
    """Tickets under the Time registration agreement, with their outcome set as the
    deadline job would have set it."""
    numbers = []
    for title, state, outcome, response_s, resolution_s, measures in OUTCOMES:
        ticket = ticket_at(office, outcome - timedelta(days=2), title=title)
        assert ticket.agreement_id is not None  # the catalogue covers the office's handoff
        ticket.sla_state, ticket.sla_outcome_dt = state, outcome
        ticket.response_s, ticket.resolution_s = response_s, resolution_s
        ticket.corrective_action = measures
        db.session.commit()
        numbers.append(ticket.number)
    return numbers


def test_agenda_shows_the_quarters_achievement_and_breaches(app, office, catalogue, client):  # noqa: F811
    with app.app_context():
        numbers = _measured(office)
        agenda = build_agenda(planned_review(), NOW)
    met, _, breached, last_quarter = numbers

    section = agenda["agreements"]
    [row] = section["functions"]
    assert (row["function"], row["met"], row["breached"]) == ("Time registration", 2, 1)
    assert row["share"] == 2 / 3 and row["volume"] == 3
    assert (row["response_p50"], row["resolution_p50"]) == (7200, 72000)
    assert section["totals"] == {"met": 2, "breached": 1, "share": 2 / 3, "volume": 3}
    [late] = section["breached"]
    assert (late["number"], late["measures"]) == (breached, "Export filter fixed.")
    assert section["breached_total"] == 1 and late["due_dt"].tzinfo is not None

    login(client, office.clerk)
    for url in ("/reviews/2026-Q4", "/reviews/2026-Q4/print"):
        html = unescape(client.get(url).get_data(as_text=True))
        section = html[html.index('id="agenda-agreements"') :].split("</section>")[0]
        assert "Service agreements" in section and "Breached tickets and measures taken" in section
        assert "66.7 %" in section and "2.0 h" in section and "20.0 h" in section
        assert breached in section and "Export filter fixed." in section
        assert met not in section and last_quarter not in section
    pdf = client.get("/reviews/2026-Q4/agenda.pdf")
    text = pdf_text(pdf.data)
    assert "Service agreements" in text and "66.7 %" in text and "Time registration" in text
    assert breached in text and "Export filter fixed." in text


def test_a_published_agenda_keeps_the_achievement_it_had(app, office, catalogue):  # noqa: F811
    with app.app_context():
        numbers = _measured(office)
        review = planned_review()
        live = build_agenda(review, NOW)
        agenda_to_json(live)  # Decimals, dates and datetimes all have a JSON form
        publish_agenda(review, user(office.coordinator), NOW)
        late = db.session.scalar(select(Ticket).where(Ticket.number == numbers[2]))
        late.sla_state = SlaState.MET
        db.session.commit()
        frozen, snapshot = current_agenda(review, NOW + timedelta(days=1))
        draft = build_agenda(review, NOW + timedelta(days=1))
    assert snapshot is not None and frozen["agreements"] == live["agreements"]
    assert frozen["agreements"]["functions"][0]["breached"] == 1
    assert draft["agreements"]["functions"][0]["breached"] == 0


def test_snapshots_from_before_the_section_still_print(app, office, client) -> None:
    with app.app_context():
        ticket_at(office, NOW - timedelta(days=3), title="Hours missing")
        review = planned_review()
        snapshot = publish_agenda(review, user(office.coordinator), NOW)
        older = json.loads(snapshot.data)
        del older["agreements"]  # as published before the section existed
        snapshot.data = json.dumps(older)
        db.session.commit()
    login(client, office.clerk)
    for url in ("/reviews/2026-Q4", "/reviews/2026-Q4/print"):
        html = client.get(url).get_data(as_text=True)
        assert "Hours missing" in html and 'id="agenda-agreements"' not in html
    assert client.get("/reviews/2026-Q4/agenda.pdf").status_code == 200
