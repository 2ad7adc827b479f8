"""Personal API tokens on the preferences page, the administrators' list, limits, idempotency."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from backoffice.api.idempotency import forget_old_keys
from backoffice.api.models import ApiToken, IdempotencyKey
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.tickets.models import Ticket
from tests.api_steps import Api, bearer, token_for
from tests.helpers import count, field_error, login, submit
from tests.office import Office


def make_token_on_the_page(client: FlaskClient, name: str, scope: str = "read-write") -> str:
    response = submit(
        client, "/preferences/api-tokens/new", {"name": name, "scope": scope, "days": "30"}
    )
    assert response.status_code == 201, response.get_data(as_text=True)[:500]
    match = re.search(r'id="secret"[^>]*value="(bo_[^"]+)"', response.get_data(as_text=True))
    assert match, "the new token is not shown"
    return match.group(1)


def test_a_token_made_on_the_preferences_page_is_shown_once_and_stored_hashed(
    app: Flask, client: FlaskClient, office: Office
):
    login(client, office.clerk)

    secret = make_token_on_the_page(client, "Invoice run checks")

    page = client.get("/preferences").get_data(as_text=True)
    assert "Invoice run checks" in page and secret[:10] in page and secret not in page
    with app.app_context():
        stored = db.session.scalar(select(ApiToken))
        assert stored.token_hash != secret and secret not in stored.token_hash
    assert client.get("/api/v1/tickets", headers=bearer(secret)).status_code == 200


def test_a_token_needs_a_name(app: Flask, client: FlaskClient, office: Office):
    login(client, office.clerk)
    response = submit(client, "/preferences/api-tokens/new", {"name": " ", "scope": "read", "days": "30"})  # fmt: skip
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "name")


def test_a_revoked_or_expired_token_no_longer_works(
    app: Flask, client: FlaskClient, office: Office
):
    login(client, office.clerk)
    revoked = make_token_on_the_page(client, "old")
    expired = make_token_on_the_page(client, "older")
    with app.app_context():
        ids = dict(db.session.execute(select(ApiToken.name, ApiToken.id)).all())
        db.session.execute(
            update(ApiToken).where(ApiToken.id == ids["older"]).values(expires_dt=utcnow())
        )
        db.session.commit()

    submit(client, f"/preferences/api-tokens/{ids['old']}/revoke", form_url="/preferences")

    for secret in (revoked, expired):
        assert client.get("/api/v1/tickets", headers=bearer(secret)).status_code == 401
    assert "revoked" in client.get("/preferences").get_data(as_text=True)


def test_admins_list_and_revoke_every_token_and_others_may_not(
    app: Flask, client: FlaskClient, office: Office
):
    secret = token_for(app, office.clerk)
    login(client, office.coordinator)
    assert client.get("/admin/api-tokens").status_code == 403
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    refused = client.post(
        f"/preferences/api-tokens/{token_id}/revoke",
        data={
            "csrf_token": re.search(
                r'name="csrf_token" value="([^"]+)"',
                client.get("/preferences").get_data(as_text=True),
            ).group(1)  # fmt: skip
        },
    )
    assert refused.status_code == 403
    client.get("/logout")
    client.delete_cookie("session")

    admin = app.test_client()
    login(admin, office.admin)
    page = admin.get("/admin/api-tokens").get_data(as_text=True)
    assert "test" in page and secret[:10] in page
    submit(admin, f"/admin/api-tokens/{token_id}/revoke", form_url="/admin/api-tokens")
    assert admin.get("/api/v1/tickets", headers=bearer(secret)).status_code == 401


def test_a_token_over_its_rate_gets_429_with_retry_after(
    app: Flask, client: FlaskClient, office: Office
):
    api = Api(client, token_for(app, office.clerk))
    app.config["API_RATE_LIMIT_PER_MINUTE"] = 3
    try:
        answers = [api.get("/api/v1/tickets") for _ in range(4)]
    finally:
        app.config["API_RATE_LIMIT_PER_MINUTE"] = 600
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert answers[3].status_code == 429
    assert 1 <= int(answers[3].headers["Retry-After"]) <= 60
    assert answers[3].mimetype == "application/problem+json"


def _report(office: Office, title: str = "Allowance without approved hours") -> dict:
    return {
        "title": title,
        "description": "Payroll check found it.",
        "handoff_id": office.handoff_id,
        "category_id": office.category_id,
    }


def test_a_retry_with_the_same_idempotency_key_files_the_defect_once(
    app: Flask, client: FlaskClient, office: Office
):
    api = Api(client, token_for(app, office.clerk))
    key = {"Idempotency-Key": "payroll-2026-11-line-7"}

    first = api.post("/api/v1/tickets", json=_report(office), headers=key)
    retry = api.post("/api/v1/tickets", json=_report(office), headers=key)

    assert first.status_code == retry.status_code == 201
    assert retry.get_json() == first.get_json()
    assert retry.headers["Location"] == first.headers["Location"]
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert count(app, Ticket) == 1
    misuse = api.post("/api/v1/tickets", json=_report(office, "Another"), headers=key)
    assert misuse.status_code == 422 and "Idempotency-Key" in misuse.get_json()["errors"]
    assert count(app, Ticket) == 1


def test_a_failed_create_keeps_no_key_and_keys_expire(
    app: Flask, client: FlaskClient, office: Office
):
    api = Api(client, token_for(app, office.clerk))
    key = {"Idempotency-Key": "k1"}
    assert api.post("/api/v1/tickets", json={"title": ""}, headers=key).status_code == 422
    assert count(app, IdempotencyKey) == 0
    assert api.post("/api/v1/tickets", json=_report(office), headers=key).status_code == 201
    with app.app_context():
        db.session.execute(update(IdempotencyKey).values(created_dt=utcnow() - timedelta(hours=25)))
        db.session.commit()
    again = api.post("/api/v1/tickets", json=_report(office), headers=key)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert count(app, Ticket) == 2
    with app.app_context():
        db.session.execute(update(IdempotencyKey).values(created_dt=utcnow() - timedelta(hours=25)))
        db.session.commit()
        assert forget_old_keys() == 1
    assert count(app, IdempotencyKey) == 0


def test_the_ticket_list_pages_with_a_cursor_in_a_fixed_number_of_statements(
    app: Flask, client: FlaskClient, office: Office, statement_counter
):
    api = Api(client, token_for(app, office.clerk))
    for n in range(7):
        api.post("/api/v1/tickets", json=_report(office, f"Defect {n}"))
    seen, cursor, pages = [], None, 0
    while True:
        args = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        with statement_counter() as log:
            page = api.get("/api/v1/tickets", query_string=args).get_json()
        assert log.count <= 2, log  # the token, the page
        seen += [t["title"] for t in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert pages == 3
    assert seen == [f"Defect {n}" for n in reversed(range(7))]
    bad = api.get("/api/v1/tickets", query_string={"cursor": "nonsense"})
    assert bad.status_code == 422 and "cursor" in bad.get_json()["errors"]
