"""One quarter through every page and export that counts tickets: the same numbers everywhere.

The tickets are in every status; rejected ones and duplicates are counted nowhere. Two
tickets lie at the quarter's edges in Berlin time, on either side of midnight UTC.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from backoffice.extensions import db
from backoffice.meetings.agenda_figures import quarter_figures
from backoffice.org.models import Handoff
from backoffice.quarters import Quarter
from backoffice.tickets.models import PickListItem, Status
from tests.factories import make_ticket
from tests.helpers import login
from tests.test_agreements import catalogue  # noqa: F401  (fixture)

BERLIN = ZoneInfo("Europe/Berlin")
Q2 = Quarter(2026, 2)


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN).astimezone(UTC)


# (status, reported, resolved) in Berlin time; every ticket has 100.00 EUR impact.
TICKETS = [(status, berlin(2026, 4, 15, 9), None) for status in Status] + [
    (Status.NEW, berlin(2026, 3, 31, 23, 30), None),  # Q1 in Berlin, though March 31 in UTC too
    (Status.NEW, berlin(2026, 6, 30, 23, 30), None),  # Q2 in Berlin (21:30 UTC)
    (Status.NEW, berlin(2026, 7, 1, 0, 30), None),  # Q3 in Berlin, June 30 in UTC
]
REPORTED_IN_Q2 = 8  # 9 statuses less rejected and duplicate, and the one at the end of June
RESOLVED_IN_Q2 = 2  # resolved and closed


@pytest.fixture
def quarter_of_tickets(app: Any, office: Any, catalogue: dict) -> None:  # noqa: F811
    with app.app_context():
        handoff = db.session.get(Handoff, office.handoff_id)
        category = db.session.get(PickListItem, office.category_id)
        for status, reported, _resolved in TICKETS:
            ticket = make_ticket(
                handoff=handoff, category=category, status=status, impact_amount=Decimal("100.00")
            )
            ticket.created_dt = reported
            if ticket.resolved_dt is not None:
                ticket.resolved_dt = berlin(2026, 5, 10, 12)
        db.session.commit()  # (the duplicate's original is reported today, not in the quarter)


def csv_rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_one_quarter_gives_the_same_figures_everywhere(app, client, office, quarter_of_tickets):
    login(client, office.coordinator)
    with app.app_context():
        agenda = quarter_figures(Q2, "Europe/Berlin", {})["totals"]
    assert (agenda["reported"], agenda["resolved"]) == (REPORTED_IN_Q2, RESOLVED_IN_Q2)
    assert agenda["impact_amount"] == Decimal("800.00")
    assert agenda["prev_reported"] == 1

    map_page = client.get("/agreements/handoff-map?quarter=2026-Q2").get_data(as_text=True)
    assert f"{REPORTED_IN_Q2} defects" in map_page and "€800.00" in map_page
    assert "rejected tickets and duplicates excluded; times in Europe/Berlin" in map_page
    (row,) = csv_rows(client.get("/agreements/handoff-map?quarter=2026-Q2&export=csv"))[1:]
    assert row == ["Time registration", "Invoicing", str(REPORTED_IN_Q2), "EUR", "800.00"]
    sheet = workbook(client.get("/agreements/handoff-map?quarter=2026-Q2&export=1&format=xlsx"))
    assert [c.value for c in sheet[2]] == ["Time registration", "Invoicing", 8, "EUR", 800]

    page = client.get("/agreements/achievement?quarter=2026-Q2").get_data(as_text=True)
    assert "rejected tickets and duplicates excluded" in page
    months = csv_rows(client.get("/agreements/achievement?quarter=2026-Q2&export=months"))
    assert months[-1][:2] == ["2026-Q2", str(REPORTED_IN_Q2)]
    assert [m[1] for m in months[1:4]] == ["7", "0", "1"]  # April, and the night of June 30
    trend = csv_rows(client.get("/agreements/achievement?quarter=2026-Q2&export=trend"))
    assert dict((r[0], r[1]) for r in trend[1:])["2026-Q2"] == str(REPORTED_IN_Q2)
    assert dict((r[0], r[1]) for r in trend[1:])["2026-Q1"] == "1"
    trend_sheet = workbook(
        client.get("/agreements/achievement?quarter=2026-Q2&export=trend&format=xlsx")
    )
    assert [r[1].value for r in trend_sheet.iter_rows(min_row=2) if r[0].value == "2026-Q2"] == [8]


def workbook(response: Any) -> Any:
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.get_data()), read_only=False).active
