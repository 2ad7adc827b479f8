"""Bulk import: upload, map, preview with row errors, all or nothing, duplicates skipped,
the mapping remembered; the same through POST /api/v1/imports."""

from __future__ import annotations

import io
import json

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from backoffice.extensions import db
from backoffice.tickets.models import Ticket
from tests.api_steps import bearer, token_for
from tests.helpers import count, login, select_options, selected_option, submit
from tests.office import Office

CSV = (
    "Line;Error;Period;Amount\n"
    "7;Hours without project code;2026-11;1,250.50\n"
    "8;Allowance without approved hours;2026-11;\n"
)


def upload(client: FlaskClient, content: str, name: str = "errors.csv") -> str:
    response = submit(client, "/imports/", {"file": (io.BytesIO(content.encode()), name)},
                      content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    return response.headers["Location"]


def mapping_of(office: Office, **overrides: str) -> dict[str, str]:
    return {"title": "Error", "external_reference": "Line", "billing_period": "Period",
            "impact_amount": "Amount", "default_handoff_id": str(office.handoff_id),
            "default_category_id": str(office.category_id), **overrides}  # fmt: skip


def test_a_clerk_previews_then_imports_and_the_same_file_again_adds_nothing(
    app: Flask, client: FlaskClient, office: Office
):
    login(client, office.clerk)
    page = upload(client, CSV)

    preview = submit(client, page, {**mapping_of(office), "action": "preview"})
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "2 rows: 2 new, 0 already reported (skipped), 0 with errors." in html
    assert count(app, Ticket) == 0

    imported = submit(client, page, {**mapping_of(office), "action": "import"})
    assert imported.status_code == 200
    assert "Imported: 2 new tickets; 0 rows were already reported" in imported.get_data(
        as_text=True
    )
    assert count(app, Ticket) == 2
    with app.app_context():
        amount = db.session.scalar(select(Ticket.impact_amount).where(Ticket.external_reference == "7"))  # fmt: skip
    assert str(amount) == "1250.50"

    again = upload(client, CSV)
    assert selected_option(client.get(again).get_data(as_text=True), "title") == "Error"  # remembered  # fmt: skip
    second = submit(client, again, {**mapping_of(office), "action": "import"})
    assert "2 already reported (skipped)" in second.get_data(as_text=True)
    assert count(app, Ticket) == 2


def test_one_bad_row_and_nothing_is_imported(app: Flask, client: FlaskClient, office: Office):
    login(client, office.clerk)
    page = upload(client, CSV + "9;;2026-13;abc\n")

    response = submit(client, page, {**mapping_of(office), "action": "import"})

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "1 rows have errors; nothing was imported." in html
    assert "Use the form YYYY-MM" in html and "This field is required." in html
    assert count(app, Ticket) == 0


def test_the_columns_offered_are_the_files(app: Flask, client: FlaskClient, office: Office):
    login(client, office.clerk)
    page = client.get(upload(client, CSV)).get_data(as_text=True)
    assert set(select_options(page, "title").values()) >= {"Line", "Error", "Period", "Amount"}


def test_another_users_upload_is_not_shown(app: Flask, client: FlaskClient, office: Office):
    login(client, office.clerk)
    page = upload(client, CSV)
    other = app.test_client()
    login(other, office.owner)
    assert other.get(page).status_code == 403


def test_the_api_imports_all_or_nothing_and_skips_duplicates(
    app: Flask, client: FlaskClient, office: Office
):
    token = token_for(app, office.clerk)
    form = {"mapping": json.dumps({"title": "Error", "external_reference": "Line",
                                   "billing_period": "Period"}),
            "handoff_id": str(office.handoff_id), "category_id": str(office.category_id)}  # fmt: skip

    def post(content: str, **extra: str):  # noqa: ANN202
        data = {**form, **extra, "file": (io.BytesIO(content.encode()), "errors.csv")}
        return client.post("/api/v1/imports", data=data, headers=bearer(token),
                           content_type="multipart/form-data")  # fmt: skip

    dry = post(CSV, dry_run="true")
    assert dry.status_code == 200 and dry.get_json()["new"] == 2 and count(app, Ticket) == 0
    bad = post(CSV + "9;;2026-13;\n")
    assert bad.status_code == 422
    assert bad.get_json()["rows"][0]["line"] == 4 and count(app, Ticket) == 0
    done = post(CSV)
    assert done.status_code == 201 and done.get_json()["created"] == 2
    again = post(CSV)
    assert again.get_json()["created"] == 0 and again.get_json()["duplicates"] == 2
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ticket)) == 2


def test_an_api_import_retried_with_its_idempotency_key_imports_once(
    app: Flask, client: FlaskClient, office: Office
):
    headers = {**bearer(token_for(app, office.clerk)), "Idempotency-Key": "run-2026-11"}
    form = {"mapping": json.dumps({"title": "Error", "external_reference": "Line"}),
            "handoff_id": str(office.handoff_id), "category_id": str(office.category_id)}  # fmt: skip

    def post():  # noqa: ANN202
        data = {**form, "file": (io.BytesIO(CSV.encode()), "errors.csv")}
        return client.post("/api/v1/imports", data=data, headers=headers,
                           content_type="multipart/form-data")  # fmt: skip

    first, retry = post(), post()

    assert first.status_code == retry.status_code == 201
    assert retry.get_json() == first.get_json() and retry.headers["Idempotent-Replayed"] == "true"
    assert count(app, Ticket) == 2
