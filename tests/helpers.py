"""Helpers for talking to the app the way a user does: forms with CSRF tokens, sign-in, screenshots."""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT_DIR = ROOT / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "demo-password"

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
