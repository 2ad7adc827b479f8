"""`/healthz` and `/readyz`, as a load balancer polls them: no sign-in, no cookie, no cache."""

from __future__ import annotations

from pathlib import Path

import flask_migrate
import pytest
from alembic.script import ScriptDirectory

from backoffice import create_app
from backoffice.health.checks import migrations_directory
from tests.helpers import login
from tests.smtp_server import free_port


def _assert_probe_answer(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    return response.get_json()


@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_probes_answer_ok_on_a_migrated_database_without_sign_in(client, url):
    body = _assert_probe_answer(client.get(url), 200)
    assert body["status"] == "ok"


def test_readyz_names_each_check(client):
    body = _assert_probe_answer(client.get("/readyz"), 200)
    assert body["checks"] == {"database": "ok", "migrations": "ok"}


def test_a_signed_in_browser_gets_no_cookie_from_a_probe(client, clerk):
    login(client, clerk)
    for url in ("/healthz", "/readyz"):
        assert "Set-Cookie" not in client.get(url).headers


@pytest.mark.parametrize(
    "unreachable_url",
    [
        pytest.param("sqlite:////nonexistent-directory/backoffice.sqlite", id="sqlite-missing-dir"),
        pytest.param(
            f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/backoffice",
            id="postgresql-closed-port",
        ),
    ],
)
def test_readyz_is_503_when_the_database_is_unreachable(app, unreachable_url):
    unreachable = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": unreachable_url})
    client = unreachable.test_client()
    assert _assert_probe_answer(client.get("/healthz"), 200)["status"] == "ok"
    body = _assert_probe_answer(client.get("/readyz"), 503)
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unreachable"


def test_readyz_is_503_when_the_schema_is_behind_the_code(app, client):
    with app.app_context():
        scripts = ScriptDirectory(migrations_directory())
        head = scripts.get_revision(scripts.get_current_head())
        flask_migrate.stamp(revision=head.down_revision)
    try:
        body = _assert_probe_answer(client.get("/readyz"), 503)
    finally:
        with app.app_context():
            flask_migrate.stamp(revision="head")
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"] == f"at {head.down_revision}, expected {head.revision}"
    assert _assert_probe_answer(client.get("/readyz"), 200)["status"] == "ok"


def test_readyz_is_503_on_a_database_never_migrated(app, tmp_path: Path):
    fresh = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/new.db"})
    body = _assert_probe_answer(fresh.test_client().get("/readyz"), 503)
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"].startswith("at none, expected ")
