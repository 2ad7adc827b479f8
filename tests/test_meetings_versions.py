"""Published agenda versions: each one can be shown, printed and downloaded again as it was."""

from __future__ import annotations

from datetime import timedelta

from backoffice.meetings.commands import publish_agenda
from tests.helpers import login
from tests.meetings_steps import NOW, pdf_text, planned_review, ticket_at, user


def test_an_earlier_version_prints_and_downloads_as_it_was(app, office, client) -> None:
    with app.app_context():
        ticket_at(office, NOW - timedelta(days=3), title="Hours missing")
        review = planned_review()
        publish_agenda(review, user(office.coordinator), NOW)
        ticket_at(office, NOW - timedelta(days=1), title="Rates outdated")
        publish_agenda(review, user(office.coordinator), NOW + timedelta(hours=1))
    login(client, office.coordinator)

    first = client.get("/reviews/2026-Q4/agenda.pdf?snapshot=1")
    assert first.headers["Content-Disposition"] == 'attachment; filename="agenda-2026-Q4-v1.pdf"'
    text = pdf_text(first.data)
    assert "Hours missing" in text and "Rates outdated" not in text

    latest = client.get("/reviews/2026-Q4/agenda.pdf")
    assert latest.headers["Content-Disposition"] == 'attachment; filename="agenda-2026-Q4-v2.pdf"'
    assert "Rates outdated" in pdf_text(latest.data)

    printed = client.get("/reviews/2026-Q4/print?snapshot=1").get_data(as_text=True)
    assert "Hours missing" in printed and "Rates outdated" not in printed
    assert "/reviews/2026-Q4/agenda.pdf?snapshot=1" in printed  # its download link

    page = client.get("/reviews/2026-Q4?snapshot=1").get_data(as_text=True)
    assert "/reviews/2026-Q4/print?snapshot=1" in page


def test_a_version_that_does_not_exist_is_not_found(app, office, client) -> None:
    with app.app_context():
        planned_review()
    login(client, office.coordinator)
    for url in ("/reviews/2026-Q4?snapshot=7", "/reviews/2026-Q4/print?snapshot=7",
                "/reviews/2026-Q4/agenda.pdf?snapshot=7"):  # fmt: skip
        assert client.get(url).status_code == 404, url
