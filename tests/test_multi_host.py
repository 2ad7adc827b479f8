"""Several app servers on one PostgreSQL: what one host does, the other sees at once.

Two real gunicorn instances on two loopback ports serve one database, as two hosts
behind a load balancer would. One browser (one cookie jar: cookies do not care about
the port) uploads on one and downloads on the other, moves a ticket on one and sees
it on the other, and signs out on one, after which a copy of its session cookie is
refused on the other. Nothing but the database is shared: no local disk, no memory.
"""

from __future__ import annotations

import re

import pytest
import requests
from sqlalchemy import select
from sqlalchemy.engine import make_url

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.tickets.models import Attachment, Status, Ticket
from bench.server import serve
from tests.factories import make_ticket
from tests.helpers import DEMO_PASSWORD, csrf_token_from_html

PAYLOAD = b"week;hours\n14;37.5\n" * 20000  # 380 KB: more than one streamed chunk


def _post_form(
    browser: requests.Session, page_url: str, action_url: str, **data
) -> requests.Response:
    token = csrf_token_from_html(browser.get(page_url, timeout=30).text)
    return browser.post(action_url, data={"csrf_token": token, **data}, timeout=30,
                        allow_redirects=False)  # fmt: skip


@pytest.fixture
def two_hosts(database_url):
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("several app servers need PostgreSQL (SQLite is one host's file)")
    with serve(database_url, workers=1) as first, serve(database_url, workers=1) as second:
        yield first, second


def test_two_hosts_share_attachments_moves_and_sign_out(app, office, two_hosts):
    first, second = two_hosts
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.email == office.owner))
        number = make_ticket(status=Status.ASSIGNED, owner=owner).number
    ticket_path = f"/tickets/{number}"
    browser = requests.Session()

    signed_in = _post_form(browser, first + "/login", first + "/login",
                           email=office.owner, password=DEMO_PASSWORD)  # fmt: skip
    assert signed_in.status_code == 302, signed_in.text[:500]

    token = csrf_token_from_html(browser.get(first + ticket_path, timeout=30).text)
    uploaded = browser.post(
        first + ticket_path + "/attachments",
        data={"csrf_token": token},
        files={"file": ("hours.csv", PAYLOAD, "text/csv")},
        timeout=30,
        allow_redirects=False,
    )
    assert uploaded.status_code == 302, uploaded.text[:500]
    with app.app_context():
        attachment_id = db.session.scalar(select(Attachment.id))
    downloaded = browser.get(f"{second}/attachments/{attachment_id}", timeout=30)
    assert downloaded.status_code == 200 and downloaded.content == PAYLOAD

    page = browser.get(first + ticket_path, timeout=30).text
    version = re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"', page)
    assert version, "the ticket page carries its version"
    started = _post_form(browser, first + ticket_path, first + ticket_path + "/start",
                         version=version.group(1) or version.group(2))  # fmt: skip
    assert started.status_code == 302, started.text[:500]
    with app.app_context():
        assert db.session.scalar(select(Ticket.status).where(Ticket.number == number)) == (
            Status.IN_PROGRESS
        )
    assert "In progress" in browser.get(second + ticket_path, timeout=30).text

    copied_cookies = requests.utils.dict_from_cookiejar(browser.cookies)
    signed_out = _post_form(browser, first + "/preferences", first + "/logout")
    assert signed_out.status_code == 302
    stranger = requests.Session()
    stranger.cookies.update(copied_cookies)
    refused = stranger.get(second + "/", timeout=30, allow_redirects=False)
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
