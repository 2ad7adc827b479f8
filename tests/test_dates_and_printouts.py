"""One date style per language, printouts in the reader's language, the organisation's day."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from backoffice.extensions import db
from backoffice.mail.outbox import deliver_outbox
from backoffice.meetings.agenda import build_agenda
from backoffice.meetings.attendees import set_attendees
from backoffice.meetings.commands import MinuteData, mark_held, publish_agenda, record_minute
from backoffice.tickets.events import record_event
from backoffice.tickets.models import EventKind, Ticket
from backoffice.tickets.rules import default_due_date
from tests.helpers import login
from tests.meetings_steps import NOW, pdf_text, planned_review, resolve_at, ticket_at, user

TWO_DIGIT_YEAR = re.compile(r"(?<![\d.\-/])\d{1,2}[./-]\d{1,2}[./-]\d{2}(?![\d.\-/])")
RAW_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\bUTC\b")
DAY_IN = {
    "en": r"[A-Z][a-z]{2} \d{1,2}, \d{4}",
    "de": r"\d{2}\.\d{2}\.\d{4}",
    "nl": r"\d{2}-\d{2}-\d{4}",
}


def _visible_text(html: str) -> str:
    """What a reader sees: no tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", html)


def _speaks(app, email: str, locale: str | None) -> None:  # noqa: ANN001
    with app.app_context():
        user(email).locale = locale
        db.session.commit()


@pytest.fixture
def busy_office(app, office):  # noqa: ANN001, ANN201
    """A review with open, resolved and re-dated tickets and a timeline entry in the old form."""
    with app.app_context():
        planned_review()
        open_ticket = ticket_at(office, NOW - timedelta(days=20), owner=office.owner, title="Open")
        resolved = ticket_at(office, NOW - timedelta(days=10), title="Fixed one")
        resolve_at(office, resolved, NOW - timedelta(days=2))
        record_event(
            open_ticket, None, EventKind.FIELD, "resolution_due_dt",
            "2026-12-03 16:29 UTC", "2026-12-04T09:00+00:00",
        )  # fmt: skip
        db.session.commit()
        return open_ticket.number


@pytest.mark.parametrize("locale", ["en", "de", "nl"])
def test_pages_and_documents_show_one_date_style_with_four_digit_years(
    app, office, client, busy_office, locale
):
    _speaks(app, office.coordinator, locale)
    login(client, office.coordinator)
    pages = ["/", "/tickets/", f"/tickets/{busy_office}", "/reviews/", "/reviews/2026-Q4"]
    texts = {url: _visible_text(client.get(url).get_data(as_text=True)) for url in pages}
    texts["print"] = _visible_text(client.get("/reviews/2026-Q4/print").get_data(as_text=True))
    texts["pdf"] = pdf_text(client.get("/reviews/2026-Q4/agenda.pdf").data)

    for where, text in texts.items():
        assert not TWO_DIGIT_YEAR.findall(text), (where, TWO_DIGIT_YEAR.findall(text))
        assert not RAW_TIME.findall(text), (where, RAW_TIME.findall(text))
        if where not in ("/", "/reviews/"):  # nothing dated there in this office
            assert re.search(DAY_IN[locale], text), where
    # The timeline's due times (old "… UTC" text included) in the reader's format and zone.
    shown = {"en": "Dec 3, 2026, 5:29 PM", "de": "03.12.2026, 17:29", "nl": "03-12-2026 17:29"}
    assert shown[locale] in texts[f"/tickets/{busy_office}"]
    assert "Europe/Berlin" in texts["print"] and "Europe/Berlin" in texts["pdf"]


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("de", ["Drucken", "PDF herunterladen", "Offene Tickets nach Übergabe", "Datenstand"]),
        ("nl", ["Afdrukken", "PDF downloaden", "Open meldingen per overdracht", "Gegevens per"]),
    ],
)
def test_print_view_and_pdf_are_in_the_readers_language(
    app, office, client, busy_office, locale, words
):
    _speaks(app, office.coordinator, locale)
    login(client, office.coordinator)

    page = _visible_text(client.get("/reviews/2026-Q4/print").get_data(as_text=True))
    pdf = pdf_text(client.get("/reviews/2026-Q4/agenda.pdf").data)

    for word in words:
        assert word in page
    for word in words[2:]:
        assert word in pdf
    assert "Open tickets by handoff" not in page + pdf
    assert re.search(DAY_IN[locale], pdf)


def test_cli_prints_the_agenda_in_the_language_asked_for(app, office, runner, tmp_path):
    with app.app_context():
        planned_review()
    output = tmp_path / "agenda.pdf"

    result = runner.invoke(args=["agenda", "print", "2026-Q4", "-o", str(output), "--lang", "de"])

    assert result.exit_code == 0, result.output
    assert "Offene Tickets nach Übergabe" in pdf_text(output.read_bytes())


def test_minutes_go_to_each_recipient_in_their_language(app, office, smtp_server):
    with app.app_context():
        review = planned_review()
        user(office.owner).locale = "de"
        user(office.other_owner).locale = "nl"
        set_attendees(review, {office.owner_id, office.other_owner_id})
        record_minute(
            review, user(office.coordinator),
            MinuteData(section="repeats", note="Export runs too early.", decision="Move it.",
                       action_title="Move the export", action_owner_id=office.owner_id,
                       action_due_date=date(2027, 2, 1)),
        )  # fmt: skip
        mark_held(review, user(office.coordinator), NOW + timedelta(days=53))
        deliver_outbox()
    mails = {m["To"]: m for m in smtp_server.inbox.messages}
    german, dutch = mails[office.owner], mails[office.other_owner]
    assert german["Subject"].startswith("Protokoll") and dutch["Subject"].startswith("Notulen")
    german_pdf = pdf_text(
        next(p for p in german.walk() if p.get_content_type() == "application/pdf").get_payload(
            decode=True
        )
    )  # noqa: E501
    dutch_pdf = pdf_text(
        next(p for p in dutch.walk() if p.get_content_type() == "application/pdf").get_payload(
            decode=True
        )
    )  # noqa: E501
    assert "01.02.2027" in german_pdf and "Protokoll" in german_pdf
    assert "01-02-2027" in dutch_pdf and "Notulen" in dutch_pdf


def test_manual_due_dates_skip_public_holidays(app):
    app.config["DUE_DAYS_BY_SEVERITY"] = {"high": 2}
    with app.app_context():
        # Wednesday 23 December 2026: Thursday counts, Christmas (Friday) and the weekend
        # do not, so the second business day is Monday the 28th.
        assert default_due_date("high", date(2026, 12, 23)) == date(2026, 12, 28)


def test_the_agenda_counts_overdue_on_the_organisations_day(app, office):
    with app.app_context():
        review = planned_review()
        ticket = ticket_at(office, NOW - timedelta(days=5), owner=office.owner, title="Late")
        db.session.get(Ticket, ticket.id).due_date = date(2026, 12, 3)
        db.session.commit()
        # 23:30 UTC on 3 December is already 4 December in Berlin: the ticket is overdue.
        agenda = build_agenda(review, datetime(2026, 12, 3, 23, 30, tzinfo=UTC))
    [row] = [t for g in agenda["open"]["groups"] for t in g["tickets"] if t["title"] == "Late"]
    assert row["is_overdue"]
    assert row["priority"] >= 15 + 20  # medium severity plus the overdue points


def test_a_published_agenda_prints_its_pick_list_labels_in_the_readers_language(
    app, office, client
):
    with app.app_context():
        review = planned_review()
        for n in range(3):  # the same handoff and category three times: a repeating cause
            ticket_at(office, NOW - timedelta(days=n + 1), title=f"Missing {n}")
        publish_agenda(review, user(office.coordinator), now=NOW)  # frozen in English
    _speaks(app, office.coordinator, "de")
    login(client, office.coordinator)

    page = _visible_text(client.get("/reviews/2026-Q4/print").get_data(as_text=True))

    assert "Fehlende Stunden" in page and "Missing hours" not in page
