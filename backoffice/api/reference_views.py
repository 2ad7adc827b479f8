"""Read-only endpoints: functions, handoffs, services and agreements, achievement, reviews."""

from __future__ import annotations

from backoffice.api import reference_io as io
from backoffice.api.openapi import api_doc, responses
from backoffice.api.reference_schemas import (
    AchievementOut,
    AchievementQuery,
    AgendaOut,
    FunctionList,
    HandoffList,
    ReviewList,
    ServiceList,
)

ORG, SERVICES, REVIEWS = ("organisation",), ("services",), ("reviews",)


@api_doc(responses(200, FunctionList), ORG)
def functions():  # noqa: ANN201
    """The functions (departments, teams) of the office."""
    return {"items": io.functions_json()}


@api_doc(responses(200, HandoffList), ORG)
def handoffs():  # noqa: ANN201
    """The handoffs between functions; a ticket names the one where the defect arose."""
    return {"items": io.handoffs_json()}


@api_doc(responses(200, ServiceList), SERVICES)
def services():  # noqa: ANN201
    """The service catalogue with each service's agreements (response and resolution targets)."""
    return {"items": io.services_json()}


@api_doc(responses(200, AchievementOut, 404, 422), SERVICES)
def achievement(query: AchievementQuery):  # noqa: ANN201
    """Achievement figures of a quarter, per month and per function, as on the page."""
    return io.achievement_json(query.quarter, query.function)


@api_doc(responses(200, ReviewList), REVIEWS)
def reviews():  # noqa: ANN201
    """The quarterly reviews with their published agenda versions."""
    return {"items": io.reviews_json()}


@api_doc(responses(200, AgendaOut, 404), REVIEWS)
def agenda_version(quarter: str, version: int):  # noqa: ANN201
    """One published agenda version of a review, as it was published."""
    return io.agenda_json(quarter, version)
