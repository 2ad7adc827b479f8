"""CSRF, security headers, cookies, the secret key, request limits, odd input and error codes."""

from __future__ import annotations

import io
import json
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from backoffice import create_app
from backoffice.auth.models import Role
from backoffice.extensions import db
from backoffice.org.models import Function
from backoffice.tickets.models import Attachment, Ticket
from tests.factories import make_category, make_function, make_handoff, make_ticket, make_user
from tests.helpers import csrf_token, login, submit

FRIENDLY_500 = "Something went wrong"


@dataclass(frozen=True)
class Data:
    clerk: str
    owner: str
    coordinator: str
    admin: str
    ticket_number: str
    handoff_id: int
    category_id: int
    function_id: int


@pytest.fixture
def data(app: Flask) -> Data:
    with app.app_context():
        invoicing = make_function("Invoicing")
        hours = make_function("Time registration")
        clerk = make_user("clerk@example.com", Role.CLERK, function=invoicing)
        owner = make_user("owner@example.com", Role.OWNER, function=hours)
        coordinator = make_user("coordinator@example.com", Role.COORDINATOR)
        admin = make_user("admin@example.com", Role.ADMIN)
        handoff = make_handoff(hours, invoicing, "approved hours", default_owner=owner)
        category = make_category("missing_hours", "Missing hours")
        ticket = make_ticket(reporter=clerk, handoff=handoff, category=category)
        return Data(
            clerk=clerk.email,
            owner=owner.email,
            coordinator=coordinator.email,
            admin=admin.email,
            ticket_number=ticket.number,
            handoff_id=handoff.id,
            category_id=category.id,
            function_id=invoicing.id,
        )


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def set_cookie_headers(response: TestResponse, name: str) -> list[str]:
    return [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]


def cookie_flags(header: str) -> set[str]:
    """The attributes of a Set-Cookie header, lower-cased: {"httponly", "samesite=lax", ...}."""
    return {part.strip().lower() for part in header.split(";")[1:]}


# --- CSRF ---------------------------------------------------------------------------------


def test_post_without_csrf_token_is_refused_and_nothing_is_stored(
    app: Flask, client: FlaskClient, data: Data
):
    login(client, data.coordinator)
    tickets_before = count(app, Ticket)

    refused_function = client.post(
        "/admin/functions/new", data={"name": "Sneaky", "is_active": "y"}
    )
    refused_ticket = client.post(
        "/tickets/new",
        data={
            "title": "Sneaky",
            "description": "Posted from another site.",
            "handoff_id": data.handoff_id,
            "category_id": data.category_id,
            "severity": "low",
        },
    )

    for response in (refused_function, refused_ticket):
        assert response.status_code == 400
        assert "Form expired" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Function).where(Function.name == "Sneaky")) is None
    assert count(app, Ticket) == tickets_before


def test_post_with_a_forged_csrf_token_is_refused(app: Flask, client: FlaskClient, data: Data):
    login(client, data.coordinator)

    response = client.post(
        "/admin/functions/new", data={"csrf_token": "forged", "name": "Sneaky", "is_active": "y"}
    )

    assert response.status_code == 400
    assert count(app, Function) == 2


def test_login_without_csrf_token_does_not_sign_in(client: FlaskClient, data: Data):
    response = client.post("/login", data={"email": data.clerk, "password": "demo-password"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_csrf_token_of_one_session_is_useless_in_another(app: Flask, data: Data):
    victim, attacker = app.test_client(), app.test_client()
    login(victim, data.coordinator)
    stolen = csrf_token(attacker, "/login")

    response = victim.post(
        "/admin/functions/new", data={"csrf_token": stolen, "name": "Sneaky", "is_active": "y"}
    )

    assert response.status_code == 400
    assert count(app, Function) == 2


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
    client: FlaskClient, data: Data, path: str, signed_in: bool
):
    if signed_in:
        login(client, data.clerk)

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


def test_pages_have_no_inline_code_the_csp_would_block(app: Flask, client: FlaskClient, data: Data):
    pages = {
        "/login": client.get("/login"),
    }
    login(client, data.admin)
    detail = f"/tickets/{data.ticket_number}"
    commented = submit(client, f"{detail}/comments", {"body": "Seen in week 14."}, form_url=detail)
    assert commented.status_code == 302  # so the detail page shows a timeline entry
    for path in (
        "/",
        "/tickets/",
        "/tickets/?q=hours&sort=-severity",
        "/tickets/new",
        f"/tickets/{data.ticket_number}",
        f"/tickets/{data.ticket_number}/edit",
        "/preferences",
        "/admin/",
        "/admin/functions/",
        f"/admin/functions/{data.function_id}",
        "/admin/handoffs/",
        f"/admin/handoffs/{data.handoff_id}",
        "/admin/users/",
        "/admin/users/new",
        "/admin/pick-lists/",
        f"/admin/pick-lists/category/{data.category_id}",
        "/tickets/HD-1999-00001",  # the error page
    ):
        pages[path] = client.get(path)

    for path, response in pages.items():
        assert response.status_code in (200, 404), path
        finder = InlineCodeFinder()
        finder.feed(response.get_data(as_text=True))
        assert finder.problems == [], path


# --- cookies ------------------------------------------------------------------------------


def test_session_and_remember_cookies_are_http_only_and_same_site_lax(
    client: FlaskClient, data: Data
):
    response = client.get("/login")
    (session_cookie,) = set_cookie_headers(response, "session")
    assert {"httponly", "samesite=lax"} <= cookie_flags(session_cookie)

    response = submit(
        client, "/login", {"email": data.clerk, "password": "demo-password", "remember": "y"}
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
    other_app: Callable[..., Flask], data: Data, monkeypatch: pytest.MonkeyPatch
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
        client, "/login", {"email": data.clerk, "password": "demo-password", "remember": "y"}
    )
    (remember_cookie,) = set_cookie_headers(response, "remember_token")
    assert {"secure", "httponly", "samesite=lax"} <= cookie_flags(remember_cookie)


# --- the secret key -----------------------------------------------------------------------


def test_secret_key_is_generated_once_and_kept_across_restarts(
    other_app: Callable[..., Flask], tmp_path: Path, data: Data
):
    first = other_app(TESTING=True, SECRET_KEY=None)
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) >= 64
    assert first.config["SECRET_KEY"] == key_file.read_text().strip()

    browser = first.test_client()
    login(browser, data.clerk)
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


# --- request size -------------------------------------------------------------------------


def test_a_request_bigger_than_the_limit_gets_a_friendly_413(
    app: Flask, client: FlaskClient, data: Data
):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert 0 < limit <= 64 * 1024 * 1024
    login(client, data.clerk)
    token = csrf_token(client, f"/tickets/{data.ticket_number}")

    response = client.post(
        f"/tickets/{data.ticket_number}/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(b"x" * (limit + 1)), "huge.pdf")},
        content_type="multipart/form-data",
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "The upload is larger than allowed." in html
    assert "Traceback" not in html
    assert count(app, Attachment) == 0


def test_an_oversized_plain_form_gets_413_too(app: Flask, client: FlaskClient):
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = client.post("/login", data={"email": "a" * limit, "password": "x"})
    assert response.status_code == 413


# --- odd input ----------------------------------------------------------------------------


ODD_LIST_QUERIES = [
    "page=-1",
    "page=0",
    "page=abc",
    "page=99999999999",
    "page=1000000",
    "page=1.5",
    "per_page=7",
    "per_page=-50",
    "per_page=100000",
    "sort=unknown",
    "sort=-;drop table tickets",
    "sort=--created",
    "sort=",
    "status=bogus",
    "status=new&status=bogus",
    "severity=urgent",
    "handoff=abc",
    "handoff=-3",
    "handoff=99999999999999999999",
    "owner=1e3",
    "category=%F0%9F%92%A5",
    "period=2026-13",
    "period=2026-1",
    "period=%27%3B--",
    "open=yes&overdue=2",
    "q=%25",
    "q=_",
    "q=100%25_sure%5C",
    "q=%27%22%3C%3E",
    "q=" + "x" * 5000,
    "q=%C3%A9%E2%82%AC",
    "page=2&page=abc&sort=title&sort=bogus",
]


@pytest.mark.parametrize("query", ODD_LIST_QUERIES)
def test_odd_list_parameters_never_break_the_list(client: FlaskClient, data: Data, query: str):
    login(client, data.clerk)

    response = client.get(f"/tickets/?{query}")

    assert response.status_code == 200
    assert FRIENDLY_500 not in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["page=-1", "sort=-;drop", "period=2026-13", "q=%25_%5C"])
def test_odd_parameters_never_break_the_export(client: FlaskClient, data: Data, query: str):
    login(client, data.clerk)
    response = client.get(f"/tickets/export.csv?{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"


@pytest.mark.parametrize(
    "path", ["/tickets/?q=a%00b", "/tickets/export.csv?q=%00", "/tickets/%00", "/tickets/?%00=1"]
)
def test_nul_bytes_in_the_address_are_a_bad_request(client: FlaskClient, data: Data, path: str):
    login(client, data.clerk)
    response = client.get(path)
    assert response.status_code == 400
    assert "The request could not be understood." in response.get_data(as_text=True)


def test_nul_bytes_in_a_form_are_a_bad_request_and_nothing_is_stored(
    app: Flask, client: FlaskClient, data: Data
):
    login(client, data.coordinator)
    response = submit(client, "/admin/functions/new", {"name": "Pay\x00roll", "is_active": "y"})
    assert response.status_code == 400
    assert count(app, Function) == 2


def test_search_treats_percent_and_underscore_literally(
    app: Flask, client: FlaskClient, data: Data
):
    with app.app_context():
        make_ticket(title="Rate 100% wrong")
    login(client, data.clerk)

    percent = client.get("/tickets/?q=100%25").get_data(as_text=True)
    underscore = client.get("/tickets/?q=_").get_data(as_text=True)

    assert "Rate 100% wrong" in percent
    assert data.ticket_number not in percent
    assert "Rate 100% wrong" not in underscore


# --- missing and forbidden ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/tickets/HD-1999-99999",
        "/tickets/nonsense",
        "/tickets/HD-1999-99999/edit",
        "/attachments/999999",
        "/admin/functions/999999",
        "/admin/handoffs/999999",
        "/admin/users/999999",
        "/admin/pick-lists/category/999999",
        "/admin/pick-lists/no-such-kind/new",
        "/no/such/page",
    ],
)
def test_unknown_objects_are_404(client: FlaskClient, data: Data, path: str):
    login(client, data.admin)

    response = client.get(path)

    assert response.status_code == 404
    assert "There is nothing at this address." in response.get_data(as_text=True)


def test_actions_on_an_unknown_ticket_are_404(client: FlaskClient, data: Data):
    login(client, data.admin)
    response = submit(
        client, "/tickets/HD-1999-99999/comments", {"body": "Hello?"}, form_url="/tickets/"
    )
    assert response.status_code == 404


def test_attachment_whose_file_is_gone_is_404(app: Flask, client: FlaskClient, data: Data):
    login(client, data.clerk)
    token = csrf_token(client, f"/tickets/{data.ticket_number}")
    client.post(
        f"/tickets/{data.ticket_number}/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(b"%PDF-1.4 hours"), "hours.pdf")},
        content_type="multipart/form-data",
    )
    with app.app_context():
        attachment_id = db.session.scalar(select(Attachment.id))
    assert attachment_id is not None
    assert client.get(f"/attachments/{attachment_id}").status_code == 200

    for path in Path(app.config["ATTACHMENT_DIR"]).rglob("*"):
        if path.is_file():
            path.unlink()

    assert client.get(f"/attachments/{attachment_id}").status_code == 404


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("clerk", "/admin/"),
        ("clerk", "/admin/functions/"),
        ("clerk", "/admin/functions/new"),
        ("clerk", "/admin/handoffs/"),
        ("clerk", "/admin/users/"),
        ("clerk", "/admin/pick-lists/"),
        ("owner", "/admin/functions/"),
        ("owner", "/admin/users/"),
        ("owner", "/admin/users/new"),
        ("coordinator", "/admin/users/"),
        ("coordinator", "/admin/pick-lists/category/new"),
    ],
)
def test_forbidden_pages_are_403(client: FlaskClient, data: Data, who: str, path: str):
    login(client, getattr(data, who))

    response = client.get(path)

    assert response.status_code == 403
    assert "You are not allowed to do this." in response.get_data(as_text=True)


def test_a_forbidden_post_changes_nothing(app: Flask, client: FlaskClient, data: Data):
    login(client, data.clerk)
    response = submit(
        client, "/admin/functions/new", {"name": "Sneaky", "is_active": "y"}, form_url="/"
    )
    assert response.status_code == 403
    assert count(app, Function) == 2


# --- JSON clients and unexpected errors ---------------------------------------------------


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("clerk", "/tickets/HD-1999-99999", 404),
        ("clerk", "/no/such/page", 404),
        ("clerk", "/admin/users/", 403),
        ("owner", "/admin/functions/", 403),
    ],
)
def test_json_clients_get_json_errors(
    client: FlaskClient, data: Data, who: str, path: str, status: int
):
    login(client, getattr(data, who))

    response = client.get(path, headers={"Accept": "application/json"})

    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = json.loads(response.get_data(as_text=True))
    assert body["error"]["status"] == status
    assert body["error"]["message"]


def test_json_clients_get_json_for_a_missing_csrf_token(client: FlaskClient, data: Data):
    login(client, data.coordinator)
    response = client.post(
        "/admin/functions/new", data={"name": "x"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["status"] == 400


def test_an_unexpected_error_shows_a_friendly_page_without_details(
    app: Flask, client: FlaskClient, data: Data, monkeypatch: pytest.MonkeyPatch
):
    def broken() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr("backoffice.org.views.list_functions", broken)
    login(client, data.coordinator)

    page = client.get("/admin/functions/")
    api = client.get("/admin/functions/", headers={"Accept": "application/json"})

    html = page.get_data(as_text=True)
    assert page.status_code == 500
    assert FRIENDLY_500 in html
    assert "hunter2" not in html and "Traceback" not in html
    assert api.status_code == 500
    assert "hunter2" not in api.get_data(as_text=True)
    assert api.get_json()["error"]["status"] == 500
