"""In Chromium at 1366 and 390 px: a clerk makes an API token (shown once) and imports an
error list with a preview; an admin subscribes a webhook. No console errors, nothing
sticks out of the screen, every control labelled. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser_steps import BrowserProblems, horizontal_overflow, unlabelled_controls
from tests.helpers import browser_login, screenshot
from tests.office import Office

pytestmark = pytest.mark.browser
WIDTHS = [1366, 390]


def looks_right(page: Page, name: str, problems: BrowserProblems) -> None:
    assert horizontal_overflow(page) == [], name
    assert unlabelled_controls(page) == [], name
    assert problems.errors == [], name
    screenshot(page, name)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_clerk_makes_a_token_and_sees_it_once(page: Page, office: Office, width: int):
    problems = BrowserProblems.watch(page)
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, office.clerk)
    page.goto("/preferences")
    page.get_by_role("link", name="New token").click()
    page.get_by_label("Name").fill("Invoice run checks")
    page.get_by_label("Scope").select_option("read-write")
    looks_right(page, f"api-token-new-{width}", problems)
    page.get_by_role("button", name="Make token").click()

    secret = page.locator("#secret").input_value()
    assert secret.startswith("bo_")
    looks_right(page, f"api-token-created-{width}", problems)
    page.get_by_role("link", name="Done").click()
    tokens = page.locator("#tokens")
    expect(tokens).to_contain_text("Invoice run checks")
    expect(tokens).to_contain_text(secret[:10])
    assert secret not in page.content()
    looks_right(page, f"api-tokens-preferences-{width}", problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_clerk_previews_an_import(page: Page, office: Office, width: int, tmp_path):  # noqa: ANN001
    problems = BrowserProblems.watch(page)
    page.set_viewport_size({"width": width, "height": 900})
    errors = tmp_path / "invoice-run-errors.csv"
    errors.write_text("Line;Error;Period\n7;Hours without project code;2026-11\n8;;2026-13\n")
    browser_login(page, office.clerk)
    page.goto("/imports/")
    page.get_by_label("File (CSV or XLSX)").set_input_files(str(errors))
    page.get_by_role("button", name="Upload").click()
    page.get_by_label("Title").select_option("Error")
    page.get_by_label("Reference").select_option("Line")
    page.get_by_label("Billing period").select_option("Period")
    page.get_by_label("Handoff for rows without one").select_option(str(office.handoff_id))
    page.get_by_label("Category for rows without one").select_option(str(office.category_id))
    page.get_by_role("button", name="Preview").click()

    expect(page.locator("#import-preview")).to_contain_text("2 rows: 1 new, 0 already reported (skipped), 1 with errors.")  # fmt: skip
    expect(page.locator("#import-rows")).to_contain_text("Use the form YYYY-MM")
    looks_right(page, f"import-preview-{width}", problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_an_admin_sees_the_webhook_pages(page: Page, office: Office, width: int):
    problems = BrowserProblems.watch(page)
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, office.admin)
    page.goto("/admin/webhooks/")
    looks_right(page, f"webhooks-{width}", problems)
    page.get_by_role("link", name="New subscription").click()
    page.get_by_label("Address (URL)").fill("ftp://example.org/in")
    page.get_by_label("Ticket reported").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#url-error")).to_contain_text("http://")
    problems.errors = [e for e in problems.errors if "400" not in e]  # the refused form itself
    looks_right(page, f"webhook-refused-{width}", problems)
