"""CSRF, the request size limit, and odd input: list parameters, NUL bytes, search wildcards."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from backoffice.extensions import db
from backoffice.org.models import Function
from backoffice.tickets.models import Attachment, Ticket
from tests.factories import make_ticket
from tests.helpers import FRIENDLY_500, count, csrf_token, login, submit
from tests.office import Office

# --- CSRF ---------------------------------------------------------------------------------


def test_post_without_csrf_token_is_refused_and_nothing_is_stored(
    app: Flask, client: FlaskClient, office: Office
):
    login(client, office.coordinator)
    tickets_before = count(app, Ticket)

    refused_function = client.post(
        "/admin/functions/new", data={"name": "Sneaky", "is_active": "y"}
    )
    refused_ticket = client.post(
        "/tickets/new",
        data={
            "title": "Sneaky",
            "description": "Posted from another site.",
            "handoff_id": office.handoff_id,
            "category_id": office.category_id,
            "severity": "low",
        },
    )

    for response in (refused_function, refused_ticket):
        assert response.status_code == 400
        assert "Form expired" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Function).where(Function.name == "Sneaky")) is None
    assert count(app, Ticket) == tickets_before


def test_post_with_a_forged_csrf_token_is_refused(app: Flask, client: FlaskClient, office: Office):
    login(client, office.coordinator)

    response = client.post(
        "/admin/functions/new", data={"csrf_token": "forged", "name": "Sneaky", "is_active": "y"}
    )

    assert response.status_code == 400
    assert count(app, Function) == 3  # the office's own, nothing new


def test_login_without_csrf_token_does_not_sign_in(client: FlaskClient, office: Office):
    response = client.post("/login", data={"email": office.clerk, "password": "demo-password"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_csrf_token_of_one_session_is_useless_in_another(app: Flask, office: Office):
    victim, attacker = app.test_client(), app.test_client()
    login(victim, office.coordinator)
    stolen = csrf_token(attacker, "/login")

    response = victim.post(
        "/admin/functions/new", data={"csrf_token": stolen, "name": "Sneaky", "is_active": "y"}
    )

    assert response.status_code == 400
    assert count(app, Function) == 3  # the office's own, nothing new


# --- request size -------------------------------------------------------------------------


def test_a_request_bigger_than_the_limit_gets_a_friendly_413(
    app: Flask, client: FlaskClient, office: Office, reported_ticket: str
):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert 0 < limit <= 64 * 1024 * 1024
    login(client, office.clerk)
    token = csrf_token(client, f"/tickets/{reported_ticket}")

    response = client.post(
        f"/tickets/{reported_ticket}/attachments",
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
def test_odd_list_parameters_never_break_the_list(client: FlaskClient, office: Office, query: str):
    login(client, office.clerk)

    response = client.get(f"/tickets/?{query}")

    assert response.status_code == 200
    assert FRIENDLY_500 not in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["page=-1", "sort=-;drop", "period=2026-13", "q=%25_%5C"])
def test_odd_parameters_never_break_the_export(client: FlaskClient, office: Office, query: str):
    login(client, office.clerk)
    response = client.get(f"/tickets/export.csv?{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"


@pytest.mark.parametrize(
    "path", ["/tickets/?q=a%00b", "/tickets/export.csv?q=%00", "/tickets/%00", "/tickets/?%00=1"]
)
def test_nul_bytes_in_the_address_are_a_bad_request(client: FlaskClient, office: Office, path: str):
    login(client, office.clerk)
    response = client.get(path)
    assert response.status_code == 400
    assert "The request could not be understood." in response.get_data(as_text=True)


def test_nul_bytes_in_a_form_are_a_bad_request_and_nothing_is_stored(
    app: Flask, client: FlaskClient, office: Office
):
    login(client, office.coordinator)
    response = submit(client, "/admin/functions/new", {"name": "Pay\x00roll", "is_active": "y"})
    assert response.status_code == 400
    assert count(app, Function) == 3  # the office's own, nothing new


def test_search_treats_percent_and_underscore_literally(
    app: Flask, client: FlaskClient, office: Office, reported_ticket: str
):
    with app.app_context():
        make_ticket(title="Rate 100% wrong")
    login(client, office.clerk)

    percent = client.get("/tickets/?q=100%25").get_data(as_text=True)
    underscore = client.get("/tickets/?q=_").get_data(as_text=True)

    assert "Rate 100% wrong" in percent
    assert reported_ticket not in percent
    assert "Rate 100% wrong" not in underscore
