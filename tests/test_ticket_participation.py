"""Who may comment on and attach to a ticket; everyone signed in may read every ticket.

The rule (`tickets.rules.takes_part`): the reporter, the root-cause owner, coordinators
and admins, and the people of the two functions on either side of the ticket's handoff.
"""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from backoffice.auth.models import Role
from backoffice.extensions import db
from backoffice.org.models import Function
from backoffice.tickets import action_views
from backoffice.tickets.models import Attachment, Comment, Status
from tests.factories import make_user
from tests.helpers import csrf_token_from_html, login
from tests.office import Office
from tests.ticket_steps import office_ticket


def _person(app: Flask, office: Office, who: str) -> str:
    """The e-mail of someone in the office, made where the office has nobody like them."""
    existing = {
        "reporter": office.clerk,
        "root-cause owner": office.owner,
        "coordinator": office.coordinator,
        "admin": office.admin,
        "owner of another function": office.other_owner,
    }
    if who in existing:
        return existing[who]
    function_id = {
        "clerk of the to-function": office.invoicing_id,
        "clerk of the from-function": office.time_registration_id,
        "clerk of no function": None,
    }[who]
    with app.app_context():
        function = db.session.get(Function, function_id) if function_id else None
        return make_user(role=Role.CLERK, function=function).email


def _ticket_page(client: FlaskClient, number: str) -> str:
    response = client.get(f"/tickets/{number}")
    assert response.status_code == 200  # everyone signed in reads every ticket
    return response.get_data(as_text=True)


def _post_comment_and_file(client: FlaskClient, number: str, token: str) -> list[int]:
    comment = client.post(f"/tickets/{number}/comments", data={"csrf_token": token, "body": "Hi"})
    upload = client.post(
        f"/tickets/{number}/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(b"15;38"), "hours.csv")},
        content_type="multipart/form-data",
    )
    return [comment.status_code, upload.status_code]


def _saved(app: Flask) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count(Comment.id))),
            db.session.scalar(select(func.count(Attachment.id))),
        )


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("reporter", True),
        ("root-cause owner", True),
        ("coordinator", True),
        ("admin", True),
        ("clerk of the to-function", True),
        ("clerk of the from-function", True),
        ("owner of another function", False),
        ("clerk of no function", False),
    ],
)
def test_who_may_comment_and_attach(
    app: Flask, client: FlaskClient, office: Office, who: str, may: bool
) -> None:
    """The others read the ticket, see no form, and a forged post is refused with 403."""
    number = office_ticket(app, office, Status.ASSIGNED)
    login(client, _person(app, office, who))
    html = _ticket_page(client, number)
    assert (f"/tickets/{number}/comments" in html) is may
    assert (f"/tickets/{number}/attachments" in html) is may
    codes = _post_comment_and_file(client, number, csrf_token_from_html(html))
    assert codes == ([302, 302] if may else [403, 403])
    assert _saved(app) == ((1, 1) if may else (0, 0))


def test_a_stale_write_no_service_caught_is_a_409_page(
    app: Flask, client: FlaskClient, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app-wide safety net: whatever command forgets, a stale write is never a 500."""
    assigned_ticket = office_ticket(app, office, Status.ASSIGNED)

    def stale(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise StaleDataError("UPDATE statement on table 'tickets' expected to update 1 row")

    monkeypatch.setattr(action_views, "add_comment", stale)
    login(client, office.clerk)
    token = csrf_token_from_html(_ticket_page(client, assigned_ticket))
    response = client.post(
        f"/tickets/{assigned_ticket}/comments", data={"csrf_token": token, "body": "Hi"}
    )
    assert response.status_code == 409
    assert "Changed meanwhile" in response.get_data(as_text=True)
