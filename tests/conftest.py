"""Every fixture of the suite lives here (no fixture hides in another module):

- the app on an empty database: `app`, `client`, `runner`, `statement_counter`;
- the people and places tests start from: `office` (the one office: four roles,
  functions, handoffs, pick-lists), `world` (that office with something on every page),
  `reported_ticket` (a new ticket in that office),
  and single users in an otherwise empty database for the sign-in and administration
  tests: `clerk`, `coordinator`, `admin`;
- a real SMTP server: `smtp_server`;
- a browser: `live_server`, `page`.

Data is built with `tests/factories.py`; a ticket in any status is one
`make_ticket(status=...)` call. Helpers that are not fixtures live in the `*_steps.py`
modules and `tests/helpers.py`.

The database is `TEST_DATABASE_URL` (e.g. PostgreSQL) or else a SQLite file in a
temporary directory (a file, because the live server thread shares it). The schema
is built once per run by the real migrations; after each test every table is emptied.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import flask_migrate
import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from werkzeug.serving import make_server

from backoffice import create_app
from backoffice.auth import passwords
from backoffice.auth import service as auth_service
from backoffice.auth.models import Role, User
from backoffice.extensions import db
from backoffice.org.models import Handoff
from backoffice.tickets.models import PickListItem
from tests.every_page import World, build_world
from tests.factories import make_ticket, make_user
from tests.helpers import screenshot, skip_or_fail
from tests.office import Office, build_office
from tests.smtp_server import SmtpServer, free_port

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


# --- database and app -------------------------------------------------------------------


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'backoffice.sqlite'}"
    if make_url(url).get_backend_name() == "postgresql":
        engine = create_engine(url, connect_args={"connect_timeout": 5})
        try:
            with engine.connect():
                pass
        except OperationalError as exc:
            skip_or_fail(f"PostgreSQL is unreachable at {make_url(url)!r}: {exc.orig}")
        finally:
            engine.dispose()
    return url


def _use_cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2's real parameters cost ~50 ms a hash; tests hash and verify hundreds of times."""
    hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    dummy_hash = hasher.hash("not-a-real-password")
    monkeypatch.setattr(passwords, "_hasher", hasher)
    monkeypatch.setattr(passwords, "DUMMY_HASH", dummy_hash)
    monkeypatch.setattr(auth_service, "DUMMY_HASH", dummy_hash)


def _drop_everything() -> None:
    """Start from an empty database, whatever an earlier (aborted) run left behind."""
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            names = conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).scalars()
            for name in list(names):
                conn.exec_driver_sql(f'DROP TABLE "{name}"')
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


def _empty_tables() -> None:
    tables = db.metadata.sorted_tables
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(conn.dialect.identifier_preparer.format_table(t) for t in tables)
            conn.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(table.delete())


@pytest.fixture(scope="session")
def _session_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp = tmp_path_factory.mktemp("app")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _use_cheap_password_hashing(monkeypatch)
        monkeypatch.setenv("INSTANCE_PATH", str(tmp / "instance"))
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": database_url,
                "WTF_CSRF_ENABLED": True,
                "ATTACHMENT_DIR": str(tmp / "attachments"),
                "SERVER_NAME": None,
                "MAIL_SERVER": "",
            }
        )
        with app.app_context():
            _drop_everything()
            flask_migrate.upgrade()
        yield app
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(_session_app: Flask) -> Iterator[Flask]:
    """The app on a migrated, empty database; emptied again after the test."""
    yield _session_app
    with _session_app.app_context():
        db.session.remove()
        _empty_tables()
        db.session.remove()
    shutil.rmtree(_session_app.config["ATTACHMENT_DIR"], ignore_errors=True)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


# --- people and places ------------------------------------------------------------------


@pytest.fixture
def office(app: Flask) -> Office:
    """The one office most tests start from (see tests/office.py)."""
    with app.app_context():
        return build_office()


@pytest.fixture
def reported_ticket(app: Flask, office: Office) -> str:
    """The number of a new ticket that the office's clerk reported on its handoff."""
    with app.app_context():
        clerk = db.session.scalar(select(User).where(User.email == office.clerk))
        handoff = db.session.get(Handoff, office.handoff_id)
        category = db.session.get(PickListItem, office.category_id)
        return make_ticket(reporter=clerk, handoff=handoff, category=category).number


@pytest.fixture
def world(app: Flask, office: Office) -> World:
    """The office with something on every page: tickets in four states, a service with
    its agreement and calendar, the planned reviews (see tests/every_page.py)."""
    with app.app_context():
        return build_world(office)


@pytest.fixture
def clerk(app: Flask) -> str:
    """A clerk alone in an empty database, for the sign-in tests."""
    with app.app_context():
        return make_user("clara@example.com", Role.CLERK, "Clara Clerk").email


@pytest.fixture
def coordinator(app: Flask) -> str:
    """A coordinator, for the administration tests (which start from an empty database)."""
    with app.app_context():
        return make_user("cora@example.com", Role.COORDINATOR, "Cora Coordinator").email


@pytest.fixture
def admin(app: Flask) -> str:
    """An administrator, for the administration tests (which start from an empty database)."""
    with app.app_context():
        return make_user("adam@example.com", Role.ADMIN, "Adam Admin").email


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[SmtpServer]:
    """A running SMTP server on loopback; the app's mail settings point at it for the test."""
    server = SmtpServer(free_port())
    server.start()
    old = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    yield server
    server.stop()
    app.config.update(old)


# --- counting SQL statements -------------------------------------------------------------


class StatementLog:
    """The SQL statements run while the counter was open."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __len__(self) -> int:
        return self.count

    def __str__(self) -> str:  # shown in a failed assertion
        lines = (f"{i}. {' '.join(s.split())[:300]}" for i, s in enumerate(self.statements, 1))
        return f"{self.count} statements:\n" + "\n".join(lines)


@pytest.fixture
def statement_counter(app: Flask) -> Callable[[], AbstractContextManager[StatementLog]]:
    """Count statements on the app's engine:

    with statement_counter() as log:
        client.get("/tickets/")
    assert log.count <= 6, log
    """
    with app.app_context():
        engine = db.engine

    @contextmanager
    def counting() -> Iterator[StatementLog]:
        log = StatementLog()

        def on_execute(_conn, _cursor, statement, _params, _context, _many) -> None:
            log.statements.append(statement)

        event.listen(engine, "before_cursor_execute", on_execute)
        try:
            yield log
        finally:
            event.remove(engine, "before_cursor_execute", on_execute)

    return counting


# --- browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _live_server_url(_session_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, _session_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def live_server(app: Flask, _live_server_url: str) -> str:
    """Base URL of the app served from a thread (tables are emptied after the test)."""
    return _live_server_url


@pytest.fixture(scope="session")
def _browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_browser: Browser, live_server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser tab (own cookies) whose relative URLs go to the live server."""
    context = _browser.new_context(
        base_url=live_server, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        screenshot(page, f"failed-{request.node.name}")
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test, so `page` can screenshot a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses a browser page is a `browser` test (`-m "not browser"` skips them)."""
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
