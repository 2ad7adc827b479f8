"""Schemathesis against the served OpenAPI document, with a token for each role.

For every operation it generates valid and invalid requests and checks: no 5xx, bodies
that match the documented schema, only documented status codes and content types,
401 without the token. On both databases (the suite's TEST_DATABASE_URL).
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings

from tests.api_steps import token_for
from tests.every_page import World

ROLES = ("clerk", "owner", "coordinator", "admin")
EXAMPLES = 12
# A request that fits the schema may still name things that do not exist or fit no more
# (a handoff id, a cursor, a move the status does not allow): 404, 409, 412, 422 say so.
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2XX", "401", "403", "404", "409", "412", "422", "429"]
            }
        }
    }
)


def test_the_document_is_openapi_3_1_and_lists_every_api_route(app: Flask):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    documented = {path for path in document["paths"]}
    routes = {
        re.sub(r"<(?:[^>]*:)?(\w+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        and rule.endpoint not in {"api.openapi_json", "api.docs"}
    }
    assert routes == documented


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_keeps_its_documented_promises(app: Flask, world: World, role: str):
    token = token_for(app, world.emails[role])
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=CONFIG)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 17
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

        try:
            check()
        except Exception as error:  # noqa: BLE001  collect every operation's failure
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
