"""My work in Chromium: it fits 1366 × 900 and 390 × 844 in English, German and Dutch,
with its tags, a pinned saved view and the ageing chart; screenshots are kept.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from backoffice.auth.models import Role, User
from backoffice.extensions import db
from backoffice.i18n import org_today
from backoffice.org.models import Handoff
from backoffice.tickets.models import Severity
from backoffice.tickets.saved_views import pin_view, save_view
from backoffice.tickets.workflow import assign_root_cause_owner
from tests.browser_steps import Catalogue, horizontal_overflow
from tests.factories import make_ticket, make_user
from tests.helpers import browser_login, screenshot
from tests.office import Office

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def _a_busy_coordinator(app: Flask, office: Office, locale: str) -> str:
    """A coordinator who reported overdue tickets, with a pinned view; their e-mail."""
    with app.app_context():
        me = make_user(f"coordinator-{locale}@example.com", Role.COORDINATOR, locale=locale)
        owner = db.session.get(User, office.owner_id)
        handoff = db.session.get(Handoff, office.handoff_id)
        other = db.session.get(Handoff, office.other_handoff_id)
        for n in range(3):
            ticket = make_ticket(
                me, handoff, severity=Severity.CRITICAL,
                title=f"Approved hours of week {14 + n} missing from the invoice run of ACME-GMBH-0000001",
            )  # fmt: skip
            assign_root_cause_owner(ticket, me, owner, org_today() - timedelta(days=2))
        make_ticket(me, other, title="Payroll export misses night shift allowances")
        view = save_view(me, "Critical tickets of the invoicing handoff", "severity=critical")
        pin_view(view, me, True)
        return me.email


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("locale", ["en", "de", "nl"])
def test_my_work_fits_and_shows_each_part(
    page: Page, app: Flask, office: Office, locale: str, size: str
):
    t = Catalogue(locale)
    email = _a_busy_coordinator(app, office, locale)
    page.set_viewport_size(SIZES[size])
    browser_login(page, email)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My work"))
    overdue = page.get_by_role("region", name=t("Overdue or breached"))
    expect(overdue.locator(".tag").first).to_have_text(t("reported by me"))
    expect(
        page.get_by_role("heading", name="Critical tickets of the invoicing handoff")
    ).to_be_visible()
    expect(page.get_by_role("img", name=t("Open tickets by handoff and age"))).to_be_visible()
    assert page.evaluate(FITS), "\n".join(horizontal_overflow(page))
    if size == "phone":  # the rows are cards: the cells' names show, the table head does not
        expect(overdue.locator("thead")).not_to_be_in_viewport()
    screenshot(page, f"i12-my-work-{locale}-{size}")

    page.goto("/tickets/?severity=critical")
    page.get_by_text(t("Views"), exact=True).click()
    expect(
        page.get_by_role("link", name="Critical tickets of the invoicing handoff")
    ).to_be_visible()
    assert page.evaluate(FITS), "\n".join(horizontal_overflow(page))
    screenshot(page, f"i12-views-menu-{locale}-{size}")
