"""The ticket page in Chromium, at 1366 × 900 and 390 × 844, in English, German and Dutch:
nothing wider than the screen, and on a phone the facts and next steps before the timeline.
Screenshots land in test-artifacts/screenshots/ticket-page-<size>-<locale>.png."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.tickets.models import Status, Ticket
from backoffice.tickets.service import add_comment
from backoffice.tickets.workflow import reopen_ticket
from tests.agreement_steps import promise_on_the_handoff
from tests.browser_steps import Catalogue, horizontal_overflow
from tests.helpers import browser_login, screenshot
from tests.office import Office
from tests.ticket_steps import office_ticket

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def busy_ticket(app: Flask, office: Office, locale: str) -> str:
    """Resolved, closed and reopened, with due times and comments; the owner reads `locale`."""
    with app.app_context():
        promise_on_the_handoff(office)
    number = office_ticket(app, office, Status.CLOSED)
    with app.app_context():
        ticket = db.session.scalar(select(Ticket).where(Ticket.number == number))
        clerk, owner = (
            db.session.scalar(select(User).where(User.email == email))
            for email in (office.clerk, office.owner)
        )
        reopen_ticket(ticket, clerk, "Week 15 is missing as well: INV-2026-0412/ACME-GMBH-01.")
        add_comment(ticket, owner, "Looking at the export of week 15 now.")
        owner.locale = locale
        db.session.commit()
    return number


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("locale", ["en", "de", "nl"])
def test_the_ticket_page_fits_and_puts_the_facts_first_on_a_phone(
    page: Page, app: Flask, office: Office, locale: str, size: str
):
    words = Catalogue(locale)
    number = busy_ticket(app, office, locale)
    page.set_viewport_size(SIZES[size])
    browser_login(page, office.owner)
    page.goto(f"/tickets/{number}")
    expect(page.get_by_role("heading", name=words("Timeline"))).to_be_visible()

    fits = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    assert page.evaluate(fits), "\n".join(horizontal_overflow(page))
    timeline = page.locator("#timeline").bounding_box()
    facts = page.locator(".ticket-facts").bounding_box()
    steps = page.get_by_role("heading", name=words("Next steps")).bounding_box()
    assert timeline and facts and steps
    if size == "phone":
        assert facts["y"] + facts["height"] <= timeline["y"], "facts before the timeline"
        assert steps["y"] < timeline["y"], "next steps before the timeline"
    else:
        assert facts["x"] > timeline["x"] + timeline["width"] - 1, "facts in a column beside it"
        assert facts["y"] < timeline["y"]
    # The reopening is one entry; the due times computed at the report a quiet system line.
    expect(page.locator(".timeline-item--system").first).to_contain_text(words("System"))

    # The switch: keyboard reachable, the current view marked.
    link = page.get_by_role("link", name=words("Comments only"))
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name=words("Comments only"))).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator(".timeline-item")).to_have_count(1)
    page.goto(f"/tickets/{number}")
    screenshot(page, f"ticket-page-{size}-{locale}")


def test_closing_with_the_rating_scale_on_a_phone(page: Page, app: Flask, office: Office):
    number = office_ticket(app, office, Status.RESOLVED)
    with app.app_context():
        ticket = db.session.scalar(select(Ticket).where(Ticket.number == number))
        ticket.impact_amount = Decimal("1234.50")
        db.session.commit()
    page.set_viewport_size(SIZES["phone"])
    browser_login(page, office.clerk)
    page.goto(f"/tickets/{number}")
    page.locator("#action-close summary").click()
    page.locator("#action-close button[type=submit]").click()
    expect(page.get_by_text("Say whether the defect is gone.")).to_be_visible()
    page.get_by_label("4: mostly resolved").check()
    page.get_by_role("radiogroup", name="Is the defect gone?").get_by_label("Yes").check()
    screenshot(page, "ticket-close-phone-en")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.locator("#action-close button[type=submit]").click()
    expect(page.locator("dd.rating")).to_have_text("4: mostly resolved")
    expect(page.locator("dd.defect-gone")).to_have_text("Yes")
