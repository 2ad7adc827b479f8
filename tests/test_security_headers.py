"""Security headers and the CSP, cookie flags, and the secret key kept across restarts."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from backoffice import create_app
from backoffice.extensions import db
from tests.helpers import login, submit
from tests.office import Office

# --- headers ------------------------------------------------------------------------------


def csp_directives(response: TestResponse) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy")
    assert policy, f"{response.request.path} has no Content-Security-Policy"
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize(
    ("path", "signed_in"),
    [
        ("/login", False),
        ("/", False),  # a redirect to sign in
        ("/static/js/app.js", False),
        ("/static/css/app.css", False),
        ("/no-such-page", False),
        ("/", True),
        ("/tickets/", True),
        ("/tickets/export.csv", True),
        ("/admin/users/", True),  # 403 for a clerk
    ],
)
def test_every_response_carries_the_security_headers(
    client: FlaskClient, office: Office, path: str, signed_in: bool
):
    if signed_in:
        login(client, office.clerk)

    response = client.get(path)

    directives = csp_directives(response)
    script_src = directives.get("script-src", directives.get("default-src"))
    assert script_src == ["'self'"]
    assert "'unsafe-inline'" not in directives.get("style-src", [])
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # only when served over HTTPS


class InlineCodeFinder(HTMLParser):
    """Collects what the CSP would block: inline scripts, styles and event handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("<script> without src")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style= on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            if name in ("href", "action", "src") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL on <{tag}>")
        self._in_inline_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_inline_script = False

    def handle_data(self, data: str) -> None:
        if self._in_inline_script and data.strip():
            self.problems.append("code inside a <script> element")


def test_pages_have_no_inline_code_the_csp_would_block(
    app: Flask, client: FlaskClient, office: Office, reported_ticket: str
):
    pages = {
        "/login": client.get("/login"),
    }
    login(client, office.admin)
    detail = f"/tickets/{reported_ticket}"
    commented = submit(client, f"{detail}/comments", {"body": "Seen in week 14."}, form_url=detail)
    assert commented.status_code == 302  # so the detail page shows a timeline entry
    for path in (
        "/",
        "/tickets/",
        "/tickets/?q=hours&sort=-severity",
        "/tickets/new",
        f"/tickets/{reported_ticket}",
        f"/tickets/{reported_ticket}/edit",
        "/preferences",
        "/admin/",
        "/admin/functions/",
        f"/admin/functions/{office.invoicing_id}",
        "/admin/handoffs/",
        f"/admin/handoffs/{office.handoff_id}",
        "/admin/users/",
        "/admin/users/new",
        "/admin/pick-lists/",
        f"/admin/pick-lists/category/{office.category_id}",
        "/tickets/HD-1999-00001",  # the error page
    ):
        pages[path] = client.get(path)

    for path, response in pages.items():
        assert response.status_code in (200, 404), path
        finder = InlineCodeFinder()
        finder.feed(response.get_data(as_text=True))
        assert finder.problems == [], path


# --- cookies ------------------------------------------------------------------------------


def set_cookie_headers(response: TestResponse, name: str) -> list[str]:
    return [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]


def cookie_flags(header: str) -> set[str]:
    """The attributes of a Set-Cookie header, lower-cased: {"httponly", "samesite=lax", ...}."""
    return {part.strip().lower() for part in header.split(";")[1:]}


def test_session_and_remember_cookies_are_http_only_and_same_site_lax(
    client: FlaskClient, office: Office
):
    response = client.get("/login")
    (session_cookie,) = set_cookie_headers(response, "session")
    assert {"httponly", "samesite=lax"} <= cookie_flags(session_cookie)

    response = submit(
        client, "/login", {"email": office.clerk, "password": "demo-password", "remember": "y"}
    )
    (remember_cookie,) = set_cookie_headers(response, "remember_token")
    assert {"httponly", "samesite=lax"} <= cookie_flags(remember_cookie)


@pytest.fixture
def other_app(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Flask]]:
    """Build further apps (another process, a restart) on the test database; cleaned up after."""
    built: list[Flask] = []

    def build(instance: Path = tmp_path / "instance", **config: object) -> Flask:
        monkeypatch.setenv("INSTANCE_PATH", str(instance))
        other = create_app(
            {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], **config}
        )
        built.append(other)
        return other

    yield build
    for other in built:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_production_cookies_are_secure_and_hsts_is_sent(
    other_app: Callable[..., Flask], office: Office, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("APP_ENV", "production")
    production = other_app(MAIL_SERVER="")
    assert production.config["SESSION_COOKIE_SECURE"] is True
    client = production.test_client()

    response = client.get("/login")
    (session_cookie,) = set_cookie_headers(response, "session")
    assert {"secure", "httponly", "samesite=lax"} <= cookie_flags(session_cookie)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")

    response = submit(
        client, "/login", {"email": office.clerk, "password": "demo-password", "remember": "y"}
    )
    (remember_cookie,) = set_cookie_headers(response, "remember_token")
    assert {"secure", "httponly", "samesite=lax"} <= cookie_flags(remember_cookie)


# --- the secret key -----------------------------------------------------------------------


def test_secret_key_is_generated_once_and_kept_across_restarts(
    other_app: Callable[..., Flask], tmp_path: Path, office: Office
):
    first = other_app(TESTING=True, SECRET_KEY=None)
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) >= 64
    assert first.config["SECRET_KEY"] == key_file.read_text().strip()

    browser = first.test_client()
    login(browser, office.clerk)
    restarted = other_app(TESTING=True, SECRET_KEY=None)
    assert restarted.config["SECRET_KEY"] == first.config["SECRET_KEY"]

    same_browser = restarted.test_client()
    same_browser.set_cookie("session", browser.get_cookie("session").value)
    assert same_browser.get("/").status_code == 200  # still signed in after the restart

    elsewhere = other_app(tmp_path / "other-instance", TESTING=True, SECRET_KEY=None)
    assert elsewhere.config["SECRET_KEY"] != first.config["SECRET_KEY"]


def test_a_configured_secret_key_is_used_as_is(other_app: Callable[..., Flask], tmp_path: Path):
    configured = other_app(TESTING=True, SECRET_KEY="from-the-environment")
    assert configured.config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "instance" / "secret_key").exists()
