"""Helpers for talking to the app the way a user does.

Forms with CSRF tokens, sign-in and screenshots; reading what a page shows (table rows,
field errors, form values); counting and reading what got stored.
"""

from __future__ import annotations

import os
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from backoffice.auth.models import User
from backoffice.extensions import db

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT_DIR = ROOT / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "demo-password"
FRIENDLY_500 = "Something went wrong"  # the start of the page any unexpected error shows

_INPUT_TAG = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_CSRF_NAME = re.compile(r"""\bname\s*=\s*["']csrf_token["']""", re.IGNORECASE)
_VALUE = re.compile(r"""\bvalue\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_CSRF_META = re.compile(
    r"""<meta\b[^>]*\bname\s*=\s*["']csrf-token["'][^>]*\bcontent\s*=\s*["']([^"']*)["']""",
    re.IGNORECASE,
)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """Skip on a developer machine; in CI a missing prerequisite must fail the run."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def csrf_token_from_html(html: str) -> str:
    for tag in _INPUT_TAG.findall(html):
        if _CSRF_NAME.search(tag) and (value := _VALUE.search(tag)):
            return unescape(value.group(1))
    if meta := _CSRF_META.search(html):
        return unescape(meta.group(1))
    raise AssertionError("no csrf_token on the page")


def csrf_token(client: FlaskClient, url: str) -> str:
    """GET `url` (as the current session) and return the CSRF token of its form."""
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} gave {response.status_code}"
    return csrf_token_from_html(response.get_data(as_text=True))


def submit(
    client: FlaskClient,
    url: str,
    data: dict[str, Any] | None = None,
    *,
    form_url: str | None = None,
    follow_redirects: bool = False,
    **kwargs: Any,
) -> TestResponse:
    """Post a form as a browser would: token taken from the page that shows the form.

    `form_url` is that page when it differs from where the form posts to.
    """
    payload = {"csrf_token": csrf_token(client, form_url or url), **(data or {})}
    return client.post(url, data=payload, follow_redirects=follow_redirects, **kwargs)


def login(client: FlaskClient, email: str, password: str = DEMO_PASSWORD) -> TestResponse:
    """Sign in through the login form and check that it redirects away from it."""
    response = submit(client, "/login", {"email": email, "password": password})
    assert response.status_code == 302, (
        f"sign-in as {email} failed with {response.status_code}:\n"
        + response.get_data(as_text=True)[:2000]
    )
    assert "/login" not in response.headers["Location"]
    return response


def logout(client: FlaskClient, form_url: str = "/preferences") -> TestResponse:
    """Sign out with the POST form; the token comes from any page of a signed-in user."""
    return submit(client, "/logout", form_url=form_url)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot to test-artifacts/screenshots/<name>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def browser_login(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login page in the browser (page has the live server as base URL)."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


# --- reading pages ------------------------------------------------------------------------


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag == "td" and self._in_body:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    """The cell texts of every table body row on the page."""
    reader = _TableReader()
    reader.feed(html)
    return reader.rows


def row_with(html: str, text: str) -> list[str]:
    """The one table body row that has a cell reading exactly `text`."""
    rows = [row for row in table_rows(html) if text in row]
    assert len(rows) == 1, f"{len(rows)} rows with {text!r}: {table_rows(html)}"
    return rows[0]


def field_error(html: str, field_id: str) -> str | None:
    """The error shown next to a form field (see _macros/forms.html), or None."""
    match = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', html, re.DOTALL)
    return unescape(match.group(1)).strip() if match else None


def input_value(html: str, name: str) -> str | None:
    """The value an <input name=...> shows, or None when it has no value attribute."""
    for tag in re.findall(r"<input\b[^>]*>", html):
        if re.search(rf'\bname="{name}"', tag):
            value = re.search(r'\bvalue="([^"]*)"', tag)
            return unescape(value.group(1)) if value else None
    raise AssertionError(f"no input named {name!r} on the page")


def textarea_text(html: str, name: str) -> str:
    match = re.search(rf'<textarea\b[^>]*\bname="{name}"[^>]*>(.*?)</textarea>', html, re.DOTALL)
    assert match, f"no textarea named {name!r}"
    return unescape(match.group(1)).strip()


def select_options(html: str, name: str) -> dict[str, str]:
    """{option label: value} of a <select name=...>."""
    match = re.search(rf'<select\b[^>]*\bname="{name}"[^>]*>(.*?)</select>', html, re.DOTALL)
    assert match, f"no select named {name!r}"
    options = re.findall(r'<option\b[^>]*\bvalue="([^"]*)"[^>]*>(.*?)</option>', match.group(1))
    return {unescape(label).strip(): value for value, label in options}


def selected_option(html: str, name: str) -> str:
    """The label of the option a <select name=...> has selected."""
    match = re.search(rf'<select\b[^>]*\bname="{name}"[^>]*>(.*?)</select>', html, re.DOTALL)
    assert match, f"no select named {name!r}"
    chosen = re.search(r"<option\b[^>]*\bselected\b[^>]*>(.*?)</option>", match.group(1))
    assert chosen, f"nothing selected in {name!r}"
    return unescape(chosen.group(1)).strip()


# --- reading the database -----------------------------------------------------------------


def count(app: Flask, model: type) -> int:
    """How many rows of `model` are stored."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def stored_user(app: Flask, email: str) -> User:
    """The user as stored now, detached so that its attributes can be read after the context."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None, f"no user {email}"
        db.session.expunge(user)
        return user


def planner_settings(app: Flask) -> int:
    """Statements a page spends telling PostgreSQL how to plan (none on SQLite)."""
    with app.app_context():
        return 1 if db.engine.dialect.name == "postgresql" else 0
