"""Missing and forbidden objects (404, 403), JSON errors, and unexpected errors without details."""

from __future__ import annotations

import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from backoffice.extensions import db
from backoffice.org.models import Function
from backoffice.tickets.models import Attachment
from tests.helpers import FRIENDLY_500, count, csrf_token, login, submit
from tests.office import Office

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
def test_unknown_objects_are_404(client: FlaskClient, office: Office, path: str):
    login(client, office.admin)

    response = client.get(path)

    assert response.status_code == 404
    assert "There is nothing at this address." in response.get_data(as_text=True)


def test_actions_on_an_unknown_ticket_are_404(client: FlaskClient, office: Office):
    login(client, office.admin)
    response = submit(
        client, "/tickets/HD-1999-99999/comments", {"body": "Hello?"}, form_url="/tickets/"
    )
    assert response.status_code == 404


def test_attachment_without_bytes_is_404(
    app: Flask, client: FlaskClient, office: Office, reported_ticket: str
):
    login(client, office.clerk)
    token = csrf_token(client, f"/tickets/{reported_ticket}")
    client.post(
        f"/tickets/{reported_ticket}/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(b"%PDF-1.4 hours"), "hours.pdf")},
        content_type="multipart/form-data",
    )
    with app.app_context():
        attachment_id = db.session.scalar(select(Attachment.id))
    assert attachment_id is not None
    assert client.get(f"/attachments/{attachment_id}").status_code == 200

    # A row whose file was already missing from the disk when the files moved into the database.
    with app.app_context():
        db.session.execute(update(Attachment).values(data=None))
        db.session.commit()

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
def test_forbidden_pages_are_403(client: FlaskClient, office: Office, who: str, path: str):
    login(client, getattr(office, who))

    response = client.get(path)

    assert response.status_code == 403
    assert "You are not allowed to do this." in response.get_data(as_text=True)


def test_a_forbidden_post_changes_nothing(app: Flask, client: FlaskClient, office: Office):
    login(client, office.clerk)
    response = submit(
        client, "/admin/functions/new", {"name": "Sneaky", "is_active": "y"}, form_url="/"
    )
    assert response.status_code == 403
    assert count(app, Function) == 3  # the office's own, nothing new


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
    client: FlaskClient, office: Office, who: str, path: str, status: int
):
    login(client, getattr(office, who))

    response = client.get(path, headers={"Accept": "application/json"})

    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = json.loads(response.get_data(as_text=True))
    assert body["error"]["status"] == status
    assert body["error"]["message"]


def test_json_clients_get_json_for_a_missing_csrf_token(client: FlaskClient, office: Office):
    login(client, office.coordinator)
    response = client.post(
        "/admin/functions/new", data={"name": "x"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["status"] == 400


def test_an_unexpected_error_shows_a_friendly_page_without_details(
    app: Flask, client: FlaskClient, office: Office, monkeypatch: pytest.MonkeyPatch
):
    def broken() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr("backoffice.org.views.list_functions", broken)
    login(client, office.coordinator)

    page = client.get("/admin/functions/")
    api = client.get("/admin/functions/", headers={"Accept": "application/json"})

    html = page.get_data(as_text=True)
    assert page.status_code == 500
    assert FRIENDLY_500 in html
    assert "hunter2" not in html and "Traceback" not in html
    assert api.status_code == 500
    assert "hunter2" not in api.get_data(as_text=True)
    assert api.get_json()["error"]["status"] == 500
