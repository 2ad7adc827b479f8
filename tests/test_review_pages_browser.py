"""The review page and the achievement page in a browser: wide and phone screens, three languages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from backoffice.auth.models import Role
from backoffice.extensions import db
from backoffice.meetings.schedule import ensure_reviews
from backoffice.models import utcnow
from backoffice.tickets.models import Severity, SlaState
from tests.browser_steps import BrowserProblems, Catalogue, horizontal_overflow
from tests.factories import make_user
from tests.helpers import browser_login, screenshot
from tests.meetings_steps import resolve_at, ticket_at
from tests.office import Office
from tests.test_agreements import catalogue  # noqa: F401  (fixture)

SIZES = {"wide": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _busy_quarter(app: Flask, office: Office, agreement_id: int) -> str:
    """Tickets on both handoffs, some resolved, some measured against their agreement."""
    with app.app_context():
        now = utcnow()
        for i in range(9):
            ticket = ticket_at(
                office, now - timedelta(hours=2 + i), list(Severity)[i % 4],
                f"Hours of week {14 + i} missing in the invoice run for project P-{100 + i}",
                handoff_id=office.other_handoff_id if i % 3 == 0 else None,
            )  # fmt: skip
            ticket.agreement_id = agreement_id
            ticket.sla_state = SlaState.MET if i % 3 else SlaState.BREACHED
            ticket.sla_outcome_dt = now - timedelta(hours=1)
            if i % 4 == 0:
                resolve_at(office, ticket, now - timedelta(minutes=30), preventive="Checked weekly")
        db.session.commit()
        return ensure_reviews()["created"][-1]


@pytest.mark.parametrize("locale", ["en", "de", "nl"])
def test_review_and_achievement_pages_fit_wide_and_phone_screens(
    page: Page,
    app: Flask,
    office: Office,
    catalogue: dict,  # noqa: F811
    locale: str,
) -> None:
    t = Catalogue(locale)
    quarter = _busy_quarter(app, office, catalogue["general"])
    with app.app_context():
        make_user(f"coord-{locale}@example.com", Role.COORDINATOR, "Carla Coord", locale=locale)
    problems = BrowserProblems.watch(page)
    browser_login(page, f"coord-{locale}@example.com")
    for name, size in SIZES.items():
        page.set_viewport_size(size)
        page.goto(f"/reviews/{quarter}")
        expect(page.locator("#agenda-summary")).to_contain_text(t("Summary"))
        expect(page.locator("#summary-trend")).to_be_visible()
        expect(page.locator("#summary-heat")).to_be_visible()
        expect(page.locator("#summary-service .bar").first).to_be_visible()
        assert not (overflow := horizontal_overflow(page)), "\n".join(overflow)
        screenshot(page, f"review-page-{locale}-{name}")
        # Far down the agenda, the minutes are one click away.
        page.locator("#agenda-agreements").scroll_into_view_if_needed()
        jump = page.get_by_role("link", name=t("Go to the minutes"))
        expect(jump).to_be_in_viewport()
        jump.click()
        expect(page.locator("#minutes")).to_be_in_viewport()

        page.goto("/agreements/achievement")
        expect(page.locator("#trend-chart .target-line").first).to_be_attached()
        expect(page.locator("#functions-chart .bar").first).to_be_visible()
        assert not (overflow := horizontal_overflow(page)), "\n".join(overflow)
        screenshot(page, f"achievement-{locale}-{name}")

        page.goto(f"/reviews/{quarter}/edit")
        assert not (overflow := horizontal_overflow(page)), "\n".join(overflow)
    # The filter box narrows the attendee checkboxes; ticked people stay ticked.
    page.set_viewport_size(SIZES["wide"])
    box = page.get_by_role("searchbox", name=t("Filter people by name, e-mail or function"))
    box.fill("otto")
    expect(page.get_by_role("checkbox", name="Otto Owner")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Carla Coord")).to_be_hidden()
    screenshot(page, f"review-attendees-{locale}")
    assert problems.errors == []
