"""What keeps rendering cheap: compiled templates kept in the instance folder, so a new
worker does not compile them again, and translations looked up once per render."""

from __future__ import annotations

from pathlib import Path

import flask_babel
import pytest
from flask import Flask
from flask.testing import FlaskClient

from backoffice import create_app, i18n
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


def _count_lookups(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    lookups: list[int] = []
    babel_lookup = flask_babel.get_translations

    def counted():  # noqa: ANN202
        lookups.append(1)
        return babel_lookup()

    monkeypatch.setattr(flask_babel, "get_translations", counted)
    monkeypatch.setattr(i18n, "get_translations", counted)
    return lookups


@pytest.mark.parametrize("page", ["ticket", "list", "my_work"])
def test_a_request_looks_its_translations_up_once(
    client: FlaskClient, office: Office, monkeypatch: pytest.MonkeyPatch, page: str
):
    login(client, office.coordinator)
    number = reported_number(client, office)
    url = {"ticket": f"/tickets/{number}", "list": "/tickets/", "my_work": "/"}[page]
    lookups = _count_lookups(monkeypatch)
    html = client.get(url, headers={"Accept-Language": "de"}).get_data(as_text=True)

    assert {"ticket": "Verlauf", "list": "Schweregrad", "my_work": "Meine Aufgaben"}[page] in html
    # Flask-Babel looked them up at every text: 90 or so on the ticket page, some 440 on
    # the list (macros imported without context, labels picked in Python).
    assert len(lookups) == 1, len(lookups)


def test_a_forced_language_is_used_inside_and_left_behind_after(app: Flask):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert i18n.gettext("Severity") == "Schweregrad"
        with flask_babel.force_locale("nl"):
            assert i18n.gettext("Severity") == "Ernst"
            assert str(i18n.lazy_gettext("Severity")) == "Ernst"
            assert i18n.current_locale() == "nl"
        assert i18n.gettext("Severity") == "Schweregrad"
        assert i18n.current_locale() == "de"
