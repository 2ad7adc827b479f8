"""The ticket list and My work in Chromium at 1366 × 900 and 390 × 844, in en, de and nl.

No horizontal scrolling; every column on screen on a laptop; on a phone the filters fold
into one button and the first ticket is a card in the first screen; active filters are
chips, each removing its filter. Screenshots: test-artifacts/screenshots/list-*.png.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from backoffice.auth.models import Role, User
from backoffice.extensions import db
from backoffice.i18n import org_today
from backoffice.org.models import Handoff
from backoffice.tickets.models import Severity, Status
from tests.browser_steps import Catalogue
from tests.factories import make_ticket, make_user
from tests.helpers import browser_login, screenshot
from tests.office import Office

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SIZES = {"laptop": LAPTOP, "phone": PHONE}
LANGUAGES = ("en", "de", "nl")
FILTERED = "/tickets/?status=assigned&status=in_progress&severity=high&open=1"
LONG_TITLE = (
    "Hours of week 14 booked on project P-100 were not exported to the invoice run, so the "
    "customer was billed for the previous week twice and the correction needs a credit note"
)


def fits(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def open_as(page: Page, language: str, size: str, url: str) -> Catalogue:
    """Open `url` as the coordinator who reads `language`, on a screen of `size`."""
    page.set_viewport_size(SIZES[size])
    browser_login(page, f"lisa.{language}@example.com")
    page.goto(url)
    return Catalogue(language)


@pytest.fixture
def busy_office(app: Flask, office: Office) -> None:
    """Enough tickets for a full page, with long titles, owners, due dates and impact."""
    with app.app_context():
        owner = db.session.get(User, office.owner_id)
        handoffs = [
            db.session.get(Handoff, i) for i in (office.handoff_id, office.other_handoff_id)
        ]
        for n in range(12):
            ticket = make_ticket(
                handoff=handoffs[n % 2],
                title=f"{LONG_TITLE} ({n})",
                severity=Severity.HIGH if n % 3 else Severity.MEDIUM,
                status=Status.IN_PROGRESS if n % 2 else Status.ASSIGNED,
                owner=owner,
                impact_amount=Decimal("123456.78"),
            )
            ticket.due_date = org_today() + timedelta(days=n - 4)
        db.session.commit()
        for language in LANGUAGES:
            make_user(f"lisa.{language}@example.com", Role.COORDINATOR, "Lisa", locale=language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_the_ticket_list_fits_and_shows_its_filters_as_chips(
    page: Page, busy_office: None, language: str, size: str
):
    t = open_as(page, language, size, FILTERED)
    table = page.locator("#ticket-table")
    first = table.locator("tbody tr").first
    expect(first).to_be_visible()
    assert fits(page), "the list scrolls sideways"
    chips = page.locator(".chip")
    expect(chips).to_have_count(4)  # two statuses, one severity, "open only"
    if size == "phone":
        fold = page.locator("details.filter-fold > summary")
        expect(fold).to_have_text(t("Filter (%(count)s)") % {"count": 4})
        expect(page.get_by_label(t("Search"))).to_be_hidden()
        box = first.bounding_box()
        assert box and box["y"] < PHONE["height"] - 100, f"first ticket starts at {box}"
        assert box["x"] + box["width"] <= PHONE["width"]
    else:
        expect(page.get_by_label(t("Search"))).to_be_visible()
        for column in ("Next deadline", "Impact", "Reported"):
            header = table.get_by_role("columnheader", name=t(column))
            box = header.bounding_box()
            assert box and box["x"] + box["width"] <= LAPTOP["width"], column
        title = first.locator(".cell-title a")
        line = float(title.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)"))
        assert title.bounding_box()["height"] <= 2 * line + 1, "a title takes over two lines"
        assert title.get_attribute("title", timeout=1000).startswith("Hours of week 14")
    screenshot(page, f"list-{size}-{language}")
    page.locator(".chip", has_text=t("Severity")).click()
    expect(chips).to_have_count(3)
    assert "severity" not in page.url and "status=assigned" in page.url
    page.wait_for_load_state("load")  # measure the new page once laid out, not mid-navigation
    assert fits(page), "the list scrolls sideways after a chip was removed"


def test_the_list_header_stays_in_view_and_menus_replace_ctrl_click(page: Page, busy_office):
    page.set_viewport_size(LAPTOP)
    browser_login(page, "lisa.en@example.com")
    page.goto("/tickets/?per_page=25")
    page.evaluate("window.scrollTo(0, 600)")
    header = page.locator("#ticket-table thead th").first.bounding_box()
    assert page.evaluate("window.scrollY") > 300
    assert header and abs(header["y"]) < 2, header
    screenshot(page, "list-laptop-sticky-header")
    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_text("Status", exact=True).first.click()  # the checkbox menu opens
    page.get_by_label("Disputed").check()
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.locator(".chip")).to_have_count(2)
    assert "status=disputed" in page.url and "status=in_progress" in page.url


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_my_work_fits_and_its_tables_become_cards_on_a_phone(
    page: Page, busy_office: None, language: str, size: str
):
    t = open_as(page, language, size, "/")
    row = page.locator("table tbody tr").first
    expect(row).to_be_visible()
    assert fits(page), "My work scrolls sideways"
    deadline = row.locator("td.cell-deadline")
    expect(deadline).to_be_visible()  # a phone shows more than number and title
    if size == "phone":
        label = deadline.evaluate("td => getComputedStyle(td, '::before').content")
        assert t("Next deadline") in label
    screenshot(page, f"my-work-{size}-{language}")


CARD_CELLS_OVERLAP = """table => {
    const overlaps = [];
    for (const row of table.querySelectorAll("tbody tr")) {
        const cells = [...row.querySelectorAll("td[data-label]")].filter(td =>
            getComputedStyle(td, "::before").content !== "none");
        for (let i = 0; i + 1 < cells.length; i++) {
            const cell = cells[i].getBoundingClientRect();
            const next = cells[i + 1].getBoundingClientRect();
            if (cell.bottom > next.top + 0.5) overlaps.push(cells[i].dataset.label);
            // A label taller than its cell runs into the next one.
            const label = parseFloat(getComputedStyle(cells[i], "::before").height);
            if (!isNaN(label) && cell.height + 0.5 < label) overlaps.push(cells[i].dataset.label);
        }
    }
    return overlaps;
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_card_label_wraps_inside_its_cell_on_a_phone(
    page: Page, busy_office: None, language: str
):
    """German "Verantwortliche(r)" takes two lines in the label column: the cell grows
    with it instead of the label running into the next cell's."""
    t = open_as(page, language, "phone", "/tickets/")
    table = page.locator("table.table--cards")
    expect(table.locator("tbody tr").first).to_be_visible()
    owner = table.locator(f"td[data-label='{t('Owner')}']").first
    label_height = owner.evaluate("td => parseFloat(getComputedStyle(td, '::before').height)")
    assert owner.bounding_box()["height"] + 0.5 >= label_height
    assert table.evaluate(CARD_CELLS_OVERLAP) == []
