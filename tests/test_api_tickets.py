"""The ticket API: tokens, reading, reporting, editing with If-Match, moves, comments, files."""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskClient

from backoffice.tickets.models import Status, Ticket
from tests.api_steps import Api, bearer, token_for
from tests.helpers import count
from tests.office import Office

REPORT = {
    "title": "Hours booked without a project code",
    "description": "The invoice run refused 12 lines.",
    "external_reference": "INV-2026-11",
    "billing_period": "2026-11",
    "impact_amount": "1250.50",
}


def report_json(office: Office, **overrides) -> dict:  # noqa: ANN001
    return {
        **REPORT,
        "handoff_id": office.handoff_id,
        "category_id": office.category_id,
        **overrides,
    }


def test_a_request_without_a_valid_token_is_401_problem_json(client: FlaskClient, office: Office):
    for headers in ({}, {"Authorization": "Bearer bo_nonsense"}, {"Authorization": "Basic x"}):
        response = client.get("/api/v1/tickets", headers=headers)
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["status"] == 401
        assert response.headers["WWW-Authenticate"].lower().startswith("bearer")


def test_the_api_ignores_a_signed_in_browser_and_sets_no_cookie(
    app: Flask, client: FlaskClient, office: Office
):
    from tests.helpers import login

    login(client, office.clerk)
    assert client.get("/api/v1/tickets").status_code == 401
    response = client.get("/api/v1/tickets", headers=bearer(token_for(app, office.clerk)))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_report_read_and_list_a_ticket(app: Flask, client: FlaskClient, office: Office):
    api = Api(client, token_for(app, office.clerk))

    created = api.post("/api/v1/tickets", json=report_json(office))

    assert created.status_code == 201, created.get_json()
    ticket = created.get_json()
    assert ticket["status"] == "new" and ticket["impact_amount"] == "1250.50"
    assert created.headers["Location"].endswith(f"/api/v1/tickets/{ticket['number']}")
    assert created.headers["ETag"] == '"1"'
    read = api.get(f"/api/v1/tickets/{ticket['number']}")
    assert read.get_json()["description"] == REPORT["description"]
    listed = api.get("/api/v1/tickets", query_string={"period": "2026-11"}).get_json()
    assert [t["number"] for t in listed["items"]] == [ticket["number"]]
    assert api.get("/api/v1/tickets", query_string={"period": "2026-10"}).get_json()["items"] == []


def test_a_bad_report_is_422_with_field_errors(app: Flask, client: FlaskClient, office: Office):
    api = Api(client, token_for(app, office.clerk))

    response = api.post(
        "/api/v1/tickets", json=report_json(office, title="", billing_period="2026-13", extra=1)
    )

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    errors = response.get_json()["errors"]
    assert set(errors) >= {"title", "billing_period", "extra"}
    unknown = api.post("/api/v1/tickets", json=report_json(office, handoff_id=999999))
    assert unknown.status_code == 422 and "handoff_id" in unknown.get_json()["errors"]
    assert count(app, Ticket) == 0


def test_a_body_that_is_not_json_is_415(app: Flask, client: FlaskClient, office: Office):
    response = client.post(
        "/api/v1/tickets", data="title=x", headers=bearer(token_for(app, office.clerk))
    )
    assert response.status_code == 415


def test_a_read_token_may_not_write(app: Flask, client: FlaskClient, office: Office):
    api = Api(client, token_for(app, office.clerk, scope="read"))
    assert api.get("/api/v1/tickets").status_code == 200
    assert api.post("/api/v1/tickets", json=report_json(office)).status_code == 403


def test_editing_needs_if_match_and_a_stale_version_is_412(
    app: Flask, client: FlaskClient, office: Office, reported_ticket: str
):
    number = reported_ticket
    api = Api(client, token_for(app, office.clerk))
    path = f"/api/v1/tickets/{number}"
    etag = api.get(path).headers["ETag"]

    assert api.patch(path, json={"title": "Better title"}).status_code == 428
    saved = api.patch(path, json={"title": "Better title"}, headers={"If-Match": etag})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["title"] == "Better title" and saved.headers["ETag"] != etag
    stale = api.patch(path, json={"title": "Lost update"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert api.get(path).get_json()["title"] == "Better title"


def test_the_life_cycle_through_workflow_moves(
    app: Flask, client: FlaskClient, office: Office, reported_ticket: str
):
    number = reported_ticket
    coordinator = Api(client, token_for(app, office.coordinator))
    owner = Api(client, token_for(app, office.owner))
    clerk = Api(client, token_for(app, office.clerk))
    base = f"/api/v1/tickets/{number}/actions"

    assert clerk.post(f"{base}/assign", json={"owner_id": office.owner_id}).status_code == 403
    assigned = coordinator.post(f"{base}/assign", json={"owner_id": office.owner_id})
    assert assigned.status_code == 200, assigned.get_json()
    assert assigned.get_json()["owner"]["id"] == office.owner_id
    missing = owner.post(f"{base}/resolve", json={"root_cause_id": office.root_cause_id})
    assert missing.status_code == 422 and "corrective_action" in missing.get_json()["errors"]
    no_measure = owner.post(
        f"{base}/resolve",
        json={"root_cause_id": office.root_cause_id, "corrective_action": "Codes added."},
    )
    assert no_measure.status_code == 422 and "preventive_action" in no_measure.get_json()["errors"]
    resolved = owner.post(
        f"{base}/resolve",
        json={"root_cause_id": office.root_cause_id, "corrective_action": "Codes added.",
              "no_prevention_reason": "one_off", "no_prevention_note": "A one-time migration."},
    )  # fmt: skip
    assert resolved.get_json()["status"] == Status.RESOLVED.value
    closed = clerk.post(f"{base}/close", json={"defect_gone": True, "rating": 5})
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    again = clerk.post(f"{base}/close", json={"defect_gone": True})
    assert again.status_code == 409
    assert clerk.post(f"{base}/fly", json={}).status_code == 404


def test_a_move_on_an_old_etag_is_412(
    app: Flask, client: FlaskClient, office: Office, reported_ticket: str
):
    number = reported_ticket
    coordinator = Api(client, token_for(app, office.coordinator))
    path = f"/api/v1/tickets/{number}"
    etag = coordinator.get(path).headers["ETag"]
    coordinator.patch(path, json={"severity": "high"}, headers={"If-Match": etag})

    response = coordinator.post(
        f"{path}/actions/reject", json={"reason": "Not a defect"}, headers={"If-Match": etag}
    )

    assert response.status_code == 412
    assert coordinator.get(path).get_json()["status"] == "new"


def test_comments_and_attachments(
    app: Flask, client: FlaskClient, office: Office, reported_ticket: str
):
    number = reported_ticket
    api = Api(client, token_for(app, office.clerk))
    path = f"/api/v1/tickets/{number}"

    added = api.post(f"{path}/comments", json={"body": "The run of Monday too."})
    assert added.status_code == 201
    assert [c["body"] for c in api.get(f"{path}/comments").get_json()["items"]] == [
        "The run of Monday too."
    ]
    upload = client.post(
        f"{path}/attachments",
        data={"file": (io.BytesIO(b"line;error\n1;no code\n"), "errors.csv")},
        headers=bearer(api.token),
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201, upload.get_json()
    listed = api.get(f"{path}/attachments").get_json()["items"]
    assert [a["filename"] for a in listed] == ["errors.csv"]
    download = api.get(listed[0]["url"].split("localhost", 1)[1])
    assert download.data == b"line;error\n1;no code\n"
    refused = client.post(
        f"{path}/attachments",
        data={"file": (io.BytesIO(b"MZ"), "tool.exe")},
        headers=bearer(api.token),
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "file" in refused.get_json()["errors"]


def test_only_a_coordinator_sets_the_due_date(
    app: Flask, client: FlaskClient, office: Office, reported_ticket: str
):
    path = f"/api/v1/tickets/{reported_ticket}"
    clerk = Api(client, token_for(app, office.clerk))
    etag = clerk.get(path).headers["ETag"]
    refused = clerk.patch(path, json={"due_date": "2027-01-15"}, headers={"If-Match": etag})
    assert refused.status_code == 422 and "due_date" in refused.get_json()["errors"]
    coordinator = Api(app.test_client(), token_for(app, office.coordinator))
    saved = coordinator.patch(path, json={"due_date": "2027-01-15"}, headers={"If-Match": etag})
    assert saved.status_code == 200 and saved.get_json()["due_date"] == "2027-01-15"
