"""The API through a real HTTP connection: a plain client files, assigns, resolves and
confirms a defect, then the ticket page shows what it did. And the docs page, offline."""

from __future__ import annotations

import re

import requests
from flask import Flask
from flask.testing import FlaskClient

from tests.api_steps import token_for
from tests.helpers import login
from tests.office import Office


def test_a_defect_reported_and_closed_through_the_api_shows_on_its_page(
    app: Flask, client: FlaskClient, office: Office, live_server: str
):
    def session_of(email: str) -> requests.Session:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token_for(app, email)}"
        return session

    clerk, coordinator = session_of(office.clerk), session_of(office.coordinator)
    owner = session_of(office.owner)
    api = f"{live_server}/api/v1"

    created = clerk.post(f"{api}/tickets", timeout=10, json={
        "title": "Mailing selection 40 % smaller than the customer base",
        "description": "The November selection has 6,000 instead of 10,000 addresses.",
        "handoff_id": office.handoff_id, "category_id": office.category_id,
        "external_reference": "MAIL-2026-11",
    })  # fmt: skip
    assert created.status_code == 201, created.text
    number, etag = created.json()["number"], created.headers["ETag"]
    moves = [
        (coordinator, "assign", {"owner_id": office.owner_id, "note": "Yours"}),
        (
            owner,
            "resolve",
            {
                "root_cause_id": office.root_cause_id,
                "corrective_action": "Filter fixed.",
                "preventive_action": "The selection is checked against the base.",
            },
        ),  # fmt: skip
        (clerk, "close", {"defect_gone": True, "rating": 4, "remark": "Thanks"}),
    ]
    for session, action, body in moves:
        answer = session.post(
            f"{api}/tickets/{number}/actions/{action}", json=body, headers={"If-Match": etag},
            timeout=10,
        )  # fmt: skip
        assert answer.status_code == 200, (action, answer.text)
        assert answer.headers["ETag"] != etag
        etag = answer.headers["ETag"]
    assert "Set-Cookie" not in answer.headers

    login(client, office.clerk)
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "Mailing selection 40 % smaller than the customer base" in page
    assert re.search(r'class="[^"]*status[^"]*"[^>]*>\s*Closed', page)
    assert "Filter fixed." in page


def test_the_docs_page_uses_only_the_apps_own_files(app: Flask, client: FlaskClient):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))], assets
    for asset in (a for a in assets if a.startswith("/static/")):
        assert client.get(asset).status_code == 200, asset
    assert "js/api-docs.js" in html
    assert client.get("/api/v1/openapi.json").status_code == 200
