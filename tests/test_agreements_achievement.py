"""Published achievement and the handoff map, checked against hand-computed figures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import select

from backoffice.agreements.achievement import achievement, achievement_for_period
from backoffice.agreements.figures import percentile
from backoffice.extensions import db
from backoffice.quarters import Quarter
from backoffice.tickets.models import SlaState, Ticket
from tests.helpers import login
from tests.test_agreements import catalogue  # noqa: F401  (fixture)
from tests.ticket_steps import reported_number

BERLIN = ZoneInfo("Europe/Berlin")

# (state, outcome in Berlin time, response seconds, resolution seconds, impact)
OUTCOMES = [
    (SlaState.MET, datetime(2026, 4, 10, 12), 3600, 36000, "100.00"),
    (SlaState.MET, datetime(2026, 4, 20, 12), 7200, 72000, "200.00"),
    (SlaState.BREACHED, datetime(2026, 5, 5, 12), 10800, 108000, "300.00"),
    (SlaState.BREACHED, datetime(2026, 6, 30, 23, 30), 14400, None, None),  # June in Berlin
    (SlaState.MET, datetime(2026, 7, 1, 0, 30), 1800, 1800, None),  # July in Berlin, UTC June
]


@pytest.fixture
def measured(app: Flask, client: Any, office: Any, catalogue: dict) -> list[str]:  # noqa: F811
    login(client, office.clerk)
    numbers = []
    for state, outcome, response_s, resolution_s, impact in OUTCOMES:
        number = reported_number(client, office, severity="medium", impact_amount=impact or "")
        with app.app_context():
            ticket = db.session.scalar(select(Ticket).where(Ticket.number == number))
            ticket.sla_state = state
            ticket.sla_outcome_dt = outcome.replace(tzinfo=BERLIN).astimezone(UTC)
            ticket.created_dt = datetime(2026, 4, 2, 10, tzinfo=UTC)
            ticket.response_s, ticket.resolution_s = response_s, resolution_s
            ticket.corrective_action = "Export filter fixed." if state == SlaState.BREACHED else ""
            db.session.commit()
        numbers.append(number)
    return numbers


def test_percentile_is_percentile_cont() -> None:
    assert percentile([3600, 7200, 10800, 14400], 0.5) == 9000
    assert percentile([3600, 7200, 10800, 14400], 0.9) == pytest.approx(13320)
    assert percentile([5], 0.9) == 5
    assert percentile([], 0.5) is None


def test_quarter_figures_match_the_hand_computed_ones(app, measured, office) -> None:
    with app.app_context():
        result = achievement(Quarter(2026, 2), None)
    months = dict(result.months)
    assert (months["2026-04"].met, months["2026-04"].breached) == (2, 0)
    assert (months["2026-05"].met, months["2026-05"].breached) == (0, 1)
    assert (months["2026-06"].met, months["2026-06"].breached) == (0, 1)
    total = result.total
    assert (total.met, total.breached, total.share) == (2, 2, 0.5)
    assert total.volume == 5  # all reported in April
    assert total.response_p50 == pytest.approx(9000)
    assert total.response_p90 == pytest.approx(13320)
    assert total.resolution_p50 == pytest.approx(72000)
    assert total.resolution_p90 == pytest.approx(100800)
    assert months["2026-04"].response_p50 == pytest.approx(5400)
    trend = dict(result.trend)
    assert len(trend) == 8 and trend["2026-Q2"].share == 0.5
    assert trend["2026-Q1"].share is None
    assert [f.name for f, _ in result.by_function] == ["Time registration"]
    assert result.breached_total == 2
    with app.app_context():
        function_only = achievement(Quarter(2026, 2), db.session.get(
            __import__("backoffice.org.models", fromlist=["Function"]).Function,
            office.time_registration_id))  # fmt: skip
    assert function_only.total.share == 0.5


def test_achievement_page_and_csv(client, measured, office) -> None:
    page = client.get("/agreements/achievement?quarter=2026-Q2").get_data(as_text=True)
    assert "50.0 %" in page and "2.5 h" in page and "28.0 h" in page
    assert "<svg" in page and "2026-Q2: 50.0 %" in page  # the chart carries its numbers
    assert measured[2] in page and "Export filter fixed." in page
    csv = client.get("/agreements/achievement?quarter=2026-Q2&export=months")
    assert csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).splitlines()
    assert lines[-1] == "2026-Q2,5,2,2,50.0,2.5,3.7,20.0,28.0"
    trend = client.get("/agreements/achievement?quarter=2026-Q2&export=trend")
    assert trend.get_data(as_text=True).splitlines()[-1] == lines[-1]  # reported and medians too
    for table in ("functions", "trend", "breached"):
        assert (
            client.get(f"/agreements/achievement?quarter=2026-Q2&export={table}").status_code == 200
        )
    assert client.get("/agreements/achievement?export=nope").status_code == 404


def test_achievement_for_the_review_agenda(app, measured) -> None:
    with app.app_context():
        figures = achievement_for_period(
            datetime(2026, 3, 31, 22, tzinfo=UTC), datetime(2026, 6, 30, 22, tzinfo=UTC)
        )
    (row,) = figures["functions"]
    assert (row["function"], row["met"], row["breached"], row["share"]) == (
        "Time registration", 2, 2, 0.5,
    )  # fmt: skip
    assert {b["number"] for b in figures["breached"]} == {measured[2], measured[3]}


def test_handoff_map_counts_defects_and_impact(client, measured, office) -> None:
    page = client.get("/agreements/handoff-map?quarter=2026-Q2").get_data(as_text=True)
    assert "5 defects" in page and "€600.00" in page
    link = f"/tickets/?from_function={office.time_registration_id}&amp;to_function={office.invoicing_id}"
    assert link in page
    csv = client.get("/agreements/handoff-map?quarter=2026-Q2&export=csv").get_data(as_text=True)
    assert "Time registration,Invoicing,5,EUR,600.00" in csv
    empty = client.get("/agreements/handoff-map?quarter=2025-Q1").get_data(as_text=True)
    assert "5 defects" not in empty


def test_demo_office_has_agreements_and_due_times(app, runner) -> None:
    with app.app_context():  # seed-demo is a plain click command: the runner has no app context
        result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Service agreements: services=" in result.output
    with app.app_context():
        open_without_due = db.session.scalar(
            select(Ticket.id).where(
                Ticket.status.in_(["new", "assigned", "in_progress", "disputed"]),
                Ticket.resolution_due_dt.is_(None),
            )
        )
        assert open_without_due is None
        assert db.session.scalar(select(Ticket.id).where(Ticket.sla_state == SlaState.MET))
