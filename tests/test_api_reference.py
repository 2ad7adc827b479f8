"""The read endpoints: organisation, services with agreements, achievement, reviews."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from backoffice.extensions import db
from backoffice.meetings.models import QuarterlyReview
from tests.api_steps import Api, token_for
from tests.every_page import World


def test_functions_handoffs_and_services_with_their_agreements(
    app: Flask, client: FlaskClient, world: World
):
    api = Api(client, token_for(app, world.emails["clerk"], scope="read"))

    functions = api.get("/api/v1/functions").get_json()["items"]
    handoffs = api.get("/api/v1/handoffs").get_json()["items"]
    services = api.get("/api/v1/services").get_json()["items"]

    assert {"Time registration", "Invoicing"} <= {f["name"] for f in functions}
    handoff = next(h for h in handoffs if h["id"] == int(world.path_values["handoff_id"]))
    assert handoff["from_function"]["name"] == "Time registration"
    [service] = services
    assert service["name"] == "Hour questions" and service["handoff_ids"] == [handoff["id"]]
    assert service["agreements"][0]["response_amount"] == 4
    assert service["agreements"][0]["resolution_unit"] == "days"


def test_achievement_figures_of_a_quarter(app: Flask, client: FlaskClient, world: World):
    api = Api(client, token_for(app, world.emails["clerk"]))

    figures = api.get("/api/v1/achievement", query_string={"quarter": world.path_values["quarter"]})

    assert figures.status_code == 200, figures.get_json()
    body = figures.get_json()
    assert body["quarter"] == world.path_values["quarter"] and len(body["months"]) == 3
    assert body["total"]["volume"] >= 0 and "share" in body["total"]
    assert api.get("/api/v1/achievement", query_string={"quarter": "2026-Q9"}).status_code == 422
    assert api.get("/api/v1/achievement", query_string={"function": 99999}).status_code == 404


def test_reviews_with_their_published_agenda_versions(
    app: Flask, client: FlaskClient, world: World
):
    from backoffice.meetings.commands import publish_agenda
    from tests.helpers import stored_user

    quarter = world.path_values["quarter"]
    with app.app_context():
        review = db.session.scalar(
            db.select(QuarterlyReview).where(QuarterlyReview.quarter == quarter)
        )
        publish_agenda(review, stored_user(app, world.emails["coordinator"]))
    api = Api(client, token_for(app, world.emails["owner"]))

    reviews = api.get("/api/v1/reviews").get_json()["items"]

    review_json = next(r for r in reviews if r["quarter"] == quarter)
    [version] = review_json["agenda_versions"]
    agenda = api.get(version["url"].split("localhost", 1)[1]).get_json()
    assert agenda["number"] == 1 and agenda["quarter"] == quarter
    assert isinstance(agenda["agenda"], dict) and agenda["agenda"]
    assert api.get(f"/api/v1/reviews/{quarter}/agendas/2").status_code == 404
