"""In Chromium: a German browser's amount read as a German meant it; finding a handoff by typing.

Screenshots land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from backoffice.auth.models import Role
from backoffice.extensions import db
from backoffice.org.models import Function
from tests.browser_steps import Catalogue, Defect, report_defect, status_badge
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD, browser_login, screenshot
from tests.office import Office

pytestmark = pytest.mark.browser


@pytest.fixture
def german_page(_browser: Browser, live_server: str) -> Iterator[Page]:
    """A tab of a Chromium whose own language is German (its number inputs read "1,5")."""
    context = _browser.new_context(
        base_url=live_server, locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def german_login(page: Page, t: Catalogue, email: str) -> None:
    """The sign-in page comes in the browser's language: German."""
    page.goto("/login")
    page.get_by_label(t("E-mail")).fill(email)
    page.get_by_label(t("Password")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=t("Sign in")).click()
    page.wait_for_url(lambda url: "/login" not in url)


def test_a_german_clerk_types_1234_comma_56_and_the_ticket_shows_1234_euros_56(
    german_page: Page, app: Flask, office: Office
):
    page, t = german_page, Catalogue("de")
    with app.app_context():
        invoicing = db.session.get(Function, office.invoicing_id)
        make_user("klara@example.com", Role.CLERK, "Klara Klein", invoicing, locale="de")
    german_login(page, t, "klara@example.com")
    defect = Defect(
        title="Stunden der KW 14 fehlen im Rechnungslauf",
        description="Die freigegebenen Stunden von Projekt P-100 fehlten im Export.",
        category="Fehlende Stunden",
        impact="1234,56",
    )
    report_defect(page, t, defect, before_submit=lambda: screenshot(page, "de-amount-typed"))
    expect(status_badge(page)).to_have_text(t("New"))
    expect(page.get_by_role("article")).to_contain_text(re.compile(r"1\.234,56\s€"))
    screenshot(page, "de-amount-ticket")

    page.get_by_role("link", name=t("Edit")).click()
    expect(page.get_by_label(t("Financial impact"))).to_have_value("1.234,56")


def test_a_garbled_amount_is_refused_at_the_field_showing_the_german_form(
    german_page: Page, app: Flask, office: Office
):
    page, t = german_page, Catalogue("de")
    with app.app_context():
        make_user("klara@example.com", Role.CLERK, "Klara Klein", locale="de")
    german_login(page, t, "klara@example.com")
    page.goto("/tickets/new")
    amount = page.get_by_label(t("Financial impact"))
    amount.fill("12,345,67")
    page.get_by_role("button", name=t("Report"), exact=True).click()
    expect(page.locator("#impact_amount-error")).to_have_text(
        "Geben Sie den Betrag in der Form 1.234,56 ein."
    )
    expect(page.get_by_label(t("Financial impact"))).to_have_value("12,345,67")
    expect(page.locator("#handoff_id-error")).to_have_text(
        "Wählen Sie die Übergabe, bei der der Fehler entstanden ist."
    )
    screenshot(page, "de-amount-refused")


def test_typing_in_the_filter_box_leaves_only_matching_handoffs(page: Page, office: Office):
    browser_login(page, office.clerk)
    page.goto("/tickets/new")
    handoff = page.get_by_label("Handoff", exact=True)
    visible = "option:not([hidden])"
    expect(handoff.locator(visible)).to_have_count(3)  # "— choose —" and two handoffs
    page.get_by_role("searchbox", name="Find a handoff").fill("payroll")
    expect(handoff.locator(visible)).to_have_text(
        ["— choose —", "Time registration → Payroll: hours → payroll run"]
    )
    expect(handoff.locator("optgroup[label='Into your function']")).to_be_hidden()
    page.get_by_role("searchbox", name="Find a handoff").press("Enter")
    expect(handoff).to_have_value(str(office.other_handoff_id))
    screenshot(page, "report-handoff-filter")
    page.get_by_role("searchbox", name="Find a handoff").fill("")
    expect(handoff.locator(visible)).to_have_count(3)
