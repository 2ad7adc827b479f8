"""The effectiveness loop in Chromium, in English, German and Dutch: the owner resolves
with a preventive action; months pass (a frozen clock); the check falls due with a
similar ticket as evidence; the owner records "not effective"; the follow-up ticket and
the agenda section appear. Screenshots at 1366 and 390 px wide land in
test-artifacts/screenshots/effectiveness-*.png."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from backoffice.auth.models import User
from backoffice.effectiveness.jobs import check_effectiveness
from backoffice.extensions import db
from backoffice.tickets.models import Status, Ticket
from tests.browser_steps import Catalogue, horizontal_overflow
from tests.effectiveness_steps import frozen_at
from tests.helpers import browser_login, screenshot
from tests.meetings_steps import planned_review, ticket_at
from tests.office import Office
from tests.ticket_steps import office_ticket

pytestmark = pytest.mark.browser

RESOLVED_AT = datetime(2026, 8, 3, 8, 0, tzinfo=UTC)  # the check falls due on 1 November
RECURRED_AT = datetime(2026, 9, 15, 8, 0, tzinfo=UTC)
DUE_AT = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
MEASURE = "The export waits for the approval flag."


def _speaks(app: Flask, office: Office, locale: str) -> None:
    with app.app_context():
        for email in (office.owner, office.coordinator):
            db.session.scalar(select(User).where(User.email == email)).locale = locale
        db.session.commit()


def _fits(page: Page) -> None:
    fits = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    assert page.evaluate(fits), "\n".join(horizontal_overflow(page))


def _shoot(page: Page, name: str, locale: str) -> None:
    for size, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        _fits(page)
        screenshot(page, f"effectiveness-{name}-{size}-{locale}")
    page.set_viewport_size(WIDTHS["desktop"])


@pytest.mark.parametrize("locale", ["en", "de", "nl"])
def test_a_failed_measure_leads_to_a_follow_up_and_the_agenda(
    page: Page, app: Flask, office: Office, locale: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = Catalogue(locale)
    _speaks(app, office, locale)
    with frozen_at(monkeypatch, RESOLVED_AT):
        number = office_ticket(app, office, Status.IN_PROGRESS)
        browser_login(page, office.owner)
        page.goto(f"/tickets/{number}")
        page.locator("#action-resolve summary").click()
        form = page.locator("#action-resolve form")
        form.get_by_label(words("Root-cause category")).select_option(index=1)
        form.get_by_label(words("Corrective action")).fill("Exported the week again.")
        form.get_by_label(words("Preventive action"), exact=True).fill(MEASURE)
        form.get_by_role("button", name=words("Resolve")).click()
        panel = page.locator("#effectiveness")
        expect(panel).to_contain_text(words("Scheduled"))
        expect(panel).to_contain_text(MEASURE)

    with app.app_context():  # a similar defect comes back after the action
        ticket = db.session.scalar(select(Ticket).where(Ticket.number == number))
        again = ticket_at(office, RECURRED_AT, title="Hours missing again")
        again.category_id = ticket.category_id
        db.session.commit()
        again_number = again.number
    with frozen_at(monkeypatch, DUE_AT):
        with app.app_context():
            assert check_effectiveness() == {"due": 1, "notified": 1}
            planned_review()
        browser_login(page, office.owner)  # three months later: signed in again
        page.goto("/")
        expect(page.locator(".work-section--checks")).to_contain_text(number)
        page.goto(f"/tickets/{number}")
        panel = page.locator("#effectiveness")
        expect(panel).to_contain_text(words("Due for a verdict"))
        expect(panel.locator(".recurrence-list")).to_contain_text(again_number)
        expect(panel.locator(".proposal")).to_contain_text(words("Not effective"))
        _shoot(page, "due", locale)

        panel.get_by_label(words("Not effective"), exact=True).check()
        panel.get_by_label(words("What the verdict rests on")).fill(
            "The hours went missing again in September."
        )
        panel.get_by_role("button", name=words("Record the verdict")).click()
        follow_up = page.locator("#effectiveness a", has_text="HD-")
        expect(page.locator("#effectiveness")).to_contain_text(words("Not effective"))
        follow_number = follow_up.first.inner_text()
        assert follow_number != number
        follow_up.first.click()
        expect(page.locator(".failed-measure")).to_contain_text(number)
        expect(page.locator(".ticket-main")).to_contain_text(words("Follow-up of"))
        _shoot(page, "follow-up", locale)

        page.goto("/reviews/2026-Q4")
        section = page.locator("#agenda-effectiveness")
        expect(section).to_contain_text(words("Were our measures effective?"))
        expect(section.locator(".check-row--not_effective")).to_contain_text(number)
        expect(section.locator(".check-row--not_effective")).to_contain_text(follow_number)
        section.scroll_into_view_if_needed()
        _shoot(page, "agenda", locale)
