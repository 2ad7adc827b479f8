"""What the browser tests do and check on a page: report a defect, sign out, read the
translation catalogues, watch the console, find what overflows a narrow screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import read_po
from playwright.sync_api import ConsoleMessage, Error, Locator, Page, Request, Response, expect

from tests.helpers import ROOT, skip_or_fail

TRANSLATIONS = ROOT / "backoffice" / "translations"
TICKET_NUMBER = r"HD-\d{4}-\d{5}"


# --- translations ------------------------------------------------------------------------


class Catalogue:
    """The texts a user of `locale` should see, read from the .po file the app is built from.

    English is the source language, so `Catalogue("en")` gives back every text unchanged.
    """

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._texts: dict[str, str] = {}
        if locale == "en":
            return
        po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        if not po.exists():
            skip_or_fail(f"{po.relative_to(ROOT)} does not exist yet")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            skip_or_fail(
                f"{mo.relative_to(ROOT)} is missing or older than the .po file: "
                "run `make translations-compile`"
            )
        with po.open("rb") as f:
            catalogue = read_po(f, locale=locale)
        # pybabel compile -f (as the Makefile runs it) includes fuzzy entries, so do we.
        for message in catalogue:
            if message.id and isinstance(message.id, str) and message.string:
                self._texts[message.id] = message.string

    def __call__(self, text: str) -> str:
        if self.locale == "en":
            return text
        if text not in self._texts:
            skip_or_fail(f"{text!r} has no {self.locale} translation yet")
        return self._texts[text]

    def pattern(self, text: str, **placeholders: str) -> re.Pattern[str]:
        """The translated text as a pattern, each `%(name)s` replaced by a regex."""
        translated = re.escape(self(text))
        for name, regex in placeholders.items():
            translated = translated.replace(re.escape(f"%({name})s"), f"({regex})")
        return re.compile(translated)


# --- pages -------------------------------------------------------------------------------


def sign_out(page: Page, t: Catalogue) -> None:
    """With the button in the page header."""
    page.get_by_role("banner").get_by_role("button", name=t("Sign out")).click()
    expect(page.get_by_role("status")).to_have_text(t("You are signed out."))


def status_badge(page: Page) -> Locator:
    """The ticket's status, as the badge under its title shows it."""
    return page.locator(".ticket-head .badges .badge").first


def panel(page: Page, heading: str) -> Locator:
    """A section of the page, found by its heading (for sections that are not named regions)."""
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def section(page: Page, title: str) -> Locator:
    """A section of My work, named by its heading (which ends with a count)."""
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(title)}\b"))


def open_action(page: Page, title: str) -> Locator:
    """Open one of the ticket's action forms (a <details> whose <summary> reads as a button)."""
    details = page.locator("details.action").filter(
        has=page.locator("summary", has_text=re.compile(rf"^\s*{re.escape(title)}\s*$"))
    )
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    return details


@dataclass
class Defect:
    title: str = "Hours of week 14 missing at invoice run"
    description: str = "The approved hours of project P-100 were not in the export."
    handoff: str = "Time registration → Invoicing: approved hours → invoice run"
    category: str = "Missing hours"
    severity: str = "High"
    reference: str = "INV-2026-0412"
    billing_period: str = "2026-10"
    impact: str = "1234.50"


def report_defect(
    page: Page, t: Catalogue, defect: Defect, before_submit: Callable[[], None] = lambda: None
) -> str:
    """From any page: open the report form from the navigation, fill it by its labels, submit.

    Returns the new ticket's number, read from the confirmation the user sees.
    """
    page.get_by_role("navigation", name=t("Main")).get_by_role(
        "link", name=t("Report a defect")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Report a handoff defect"))
    page.get_by_label(t("What went wrong?")).fill(defect.title)
    page.get_by_label(t("Handoff"), exact=True).select_option(label=defect.handoff)
    page.get_by_label(t("Category"), exact=True).select_option(label=defect.category)
    page.get_by_label(t("Severity")).select_option(label=t(defect.severity))
    page.get_by_label(t("What happened?")).fill(defect.description)
    page.get_by_label(t("Reference")).fill(defect.reference)
    page.get_by_label(t("Billing period")).fill(defect.billing_period)
    page.get_by_label(t("Financial impact")).fill(defect.impact)
    before_submit()
    page.get_by_role("button", name=t("Report"), exact=True).click()
    thanks = t.pattern("Thank you. Ticket %(number)s is reported.", number=TICKET_NUMBER)
    confirmation = page.get_by_role("status").filter(has_text=thanks)
    expect(confirmation).to_be_visible()
    match = thanks.search(confirmation.inner_text())
    assert match, confirmation.inner_text()
    number = match.group(1)
    expect(page.get_by_role("heading", level=1)).to_have_text(defect.title)
    return number


# --- what goes wrong quietly -------------------------------------------------------------

# Chromium logs a violated Content-Security-Policy as a console error too; this listener
# (added by Playwright, so the policy does not block it) names the directive as well.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || document.location.pathname}:${e.lineNumber}`);
});
"""


@dataclass
class BrowserProblems:
    """Console errors, uncaught exceptions and failed responses seen on a page."""

    errors: list[str] = field(default_factory=list)

    @classmethod
    def watch(cls, page: Page) -> BrowserProblems:
        problems = cls()
        page.add_init_script(_CSP_LISTENER)
        page.on("console", problems._on_console)
        page.on("pageerror", lambda exc: problems.errors.append(f"{page.url}: uncaught {exc}"))
        page.on("requestfailed", problems._on_request_failed)
        page.on("response", problems._on_response)
        return problems

    def _on_request_failed(self, request: Request) -> None:
        # Moving to the next page cancels what the last one still loads (e.g. the icon).
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"{request.url}: {request.failure}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.errors.append(f"{response.url}: HTTP {response.status}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url") or "?"
            self.errors.append(f"{where}: console error: {message.text}")


# --- accessibility -------------------------------------------------------------------------


def unlabelled_controls(page: Page) -> list[str]:
    """The visible form controls that neither a <label> nor an ARIA attribute names."""
    return page.evaluate(
        """() => [...document.querySelectorAll("input, select, textarea")]
          .filter((el) => el.type !== "hidden" && el.checkVisibility())
          .filter((el) => !el.labels.length && !el.getAttribute("aria-label")
                          && !el.getAttribute("aria-labelledby"))
          .map((el) => `${el.tagName.toLowerCase()} name=${el.name} id=${el.id}`)"""
    )


def marked_invalid(page: Page) -> list[str]:
    """Ids of the elements that assistive technology announces as invalid.

    Any aria-invalid value other than "false" (even "None") counts as "true" (WAI-ARIA 1.2).
    """
    return page.evaluate(
        """() => [...document.querySelectorAll("[aria-invalid]")]
          .filter((el) => el.getAttribute("aria-invalid") !== "false").map((el) => el.id)"""
    )


# --- layout ------------------------------------------------------------------------------

# The outermost elements that stick out to the right of the viewport, described so a
# reader can find them (content inside a scrolling container, like a wide table, is fine).
_OVERFLOWING = """
() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(el).overflowX);
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map((c) => "." + c).join("");
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let parent = el.parentElement, inside = false;
    while (parent && parent !== document.body) {
      if (scrolls(parent) || parent.getBoundingClientRect().right > width + 1) { inside = true; break; }
      parent = parent.parentElement;
    }
    if (!inside) out.push(`${describe(el)} reaches ${Math.round(box.right)}px: `
      + JSON.stringify((el.innerText || el.value || "").slice(0, 60)));
  }
  return out;
}
"""


def horizontal_overflow(page: Page) -> list[str]:
    """Empty when the page fits its viewport's width; else what sticks out."""
    if page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
        return []
    return page.evaluate(_OVERFLOWING) or ["(the page is wider, but no element sticks out)"]


def save_pdf(page: Page, path: Path) -> bool:
    """Print the page to a PDF as a user's browser would; False where the browser cannot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        page.pdf(path=str(path), format="A4", print_background=False)
    except Error:
        return False
    return path.read_bytes().startswith(b"%PDF")
