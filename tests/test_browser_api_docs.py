"""In Chromium: the API documentation page renders every operation with the network cut
off from everything but the app itself (no CDN), at desktop and phone widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from tests.helpers import screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_the_api_docs_page_works_offline(page: Page, live_server: str, width: int):
    outside: list[str] = []

    def only_the_app(route: Route) -> None:
        if route.request.url.startswith(live_server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_app)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/api/v1/docs")

    expect(page.locator("details.api-op").first).to_be_visible()
    assert page.locator(".api-op__path", has_text="/api/v1/tickets/{number}/actions/{action}").count()  # fmt: skip
    listing = page.locator("details.api-op", has_text="/api/v1/tickets").first
    listing.locator("summary").click()
    expect(listing.get_by_text("Parameters")).to_be_visible()
    expect(listing.get_by_text("cursor", exact=True)).to_be_visible()
    assert not outside, outside
    width_used = page.evaluate("document.documentElement.scrollWidth")
    assert width_used <= width, f"the page is {width_used}px wide on a {width}px screen"
    screenshot(page, f"api-docs-{width}")
