"""What keeps rendering cheap: compiled templates kept in the instance folder, so a new
worker does not compile them again, and translations looked up once per render."""

from __future__ import annotations

from pathlib import Path

import flask_babel
import pytest
from flask import Flask
from flask.testing import FlaskClient

from backoffice import create_app
from tests.helpers import login
from tests.office import Office
from tests.ticket_steps import reported_number


def test_a_new_worker_renders_the_ticket_page_without_compiling(
    app: Flask, client: FlaskClient, office: Office, monkeypatch: pytest.MonkeyPatch
):
    login(client, office.coordinator)
    number = reported_number(client, office)
    assert client.get(f"/tickets/{number}").status_code == 200
    assert any((Path(app.instance_path) / "jinja-cache").iterdir())

    monkeypatch.setenv("INSTANCE_PATH", app.instance_path)
    worker = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})

    def compile_again(*_args, **_kwargs):
        raise AssertionError("compiled again although the cache holds it")

    monkeypatch.setattr(worker.jinja_env, "compile", compile_again)
    assert worker.jinja_env.get_template("tickets/detail.html").name == "tickets/detail.html"
    with pytest.raises(AssertionError, match="compiled again"):
        worker.jinja_env.from_string("{{ 1 }}")  # what is not in the cache is compiled


def test_a_render_looks_its_translations_up_once(
    client: FlaskClient, office: Office, monkeypatch: pytest.MonkeyPatch
):
    login(client, office.coordinator)
    number = reported_number(client, office)
    lookups = []
    babel_lookup = flask_babel.get_translations

    def counted():  # noqa: ANN202
        lookups.append(1)
        return babel_lookup()

    monkeypatch.setattr(flask_babel, "get_translations", counted)
    page = client.get(f"/tickets/{number}", headers={"Accept-Language": "de"})

    html = page.get_data(as_text=True)
    assert "Nächste Frist" in html and "Verlauf" in html
    # Flask-Babel's template functions looked them up on every call: 90 or so per page. Left
    # are the calls from macros imported without the template's context.
    assert len(lookups) <= 12, len(lookups)
