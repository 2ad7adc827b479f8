"""A coordinator runs a review in the browser: publish, print, minutes with an action, held."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from backoffice.meetings.schedule import ensure_reviews
from backoffice.models import utcnow
from backoffice.tickets.models import Severity
from tests.browser_steps import BrowserProblems
from tests.helpers import browser_login, screenshot
from tests.meetings_steps import ticket_at


def test_coordinator_publishes_prints_records_and_closes(app, office, page: Page) -> None:
    with app.app_context():
        number = ticket_at(office, utcnow() - timedelta(days=3), Severity.HIGH, "Hours missing",
                           owner=office.owner).number  # fmt: skip
        [quarter] = ensure_reviews()["created"][-1:]
    problems = BrowserProblems.watch(page)
    browser_login(page, office.coordinator)
    page.get_by_role("link", name="Reviews").click()
    page.get_by_role("link", name=f"Quarterly review {quarter}").first.click()
    expect(page.get_by_text("Live draft: the agenda follows")).to_be_visible()
    expect(page.locator("#agenda-open").get_by_role("link", name=number)).to_be_visible()

    page.get_by_role("button", name="Publish agenda").click()
    expect(page.get_by_text("Agenda version 1 published.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Published agenda, version 1"))).to_be_visible()
    screenshot(page, "meetings-review-page")

    page.get_by_role("link", name="Print").click()
    expect(page.get_by_role("heading", name=f"Quarterly review {quarter}")).to_be_visible()
    expect(page.get_by_text("version 1", exact=False).first).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    screenshot(page, "meetings-print-view")
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Back to the review").click()

    page.get_by_label("Agenda item").select_option("open")
    page.get_by_label("Ticket (optional)").fill(number)
    page.get_by_label("Decision").fill("Approve hours before the export runs.")
    page.get_by_label("Action item", exact=True).fill("Move the export to 18:00")
    page.get_by_label("Who").select_option(label="Otto Owner <owner@example.com>")
    page.get_by_label("Due date").fill("2027-02-01")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("The minutes were recorded.")).to_be_visible()
    expect(page.get_by_text("Approve hours before the export runs.")).to_be_visible()

    page.get_by_role("button", name="Mark held").click()
    expect(page.get_by_text("The review is marked held")).to_be_visible()
    expect(page.locator(".review-head .badge")).to_have_text("Held")
    expect(page.get_by_role("button", name="Record", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Minutes (PDF)")).to_be_visible()
    screenshot(page, "meetings-review-held")
    assert problems.errors == []
