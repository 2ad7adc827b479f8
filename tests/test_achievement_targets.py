# ruff: noqa: F811  (pytest fixtures imported from other test modules)
"""Achievement bars against each service's target share; the target share on the service form."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from backoffice.agreements.models import BusinessCalendar, ClosingDay, Service
from backoffice.agreements.targets import target_state
from backoffice.extensions import db
from tests.helpers import field_error, login, submit
from tests.test_agreements import catalogue  # noqa: F401  (fixture)
from tests.test_agreements_achievement import measured  # noqa: F401  (fixture)

# share_bars.svg.html: height 230, bottom 30, top 22 → the plot is 178 units high.
PLOT_BOTTOM, PLOT_HEIGHT = 200, 178


@pytest.mark.parametrize(
    ("share", "target", "state"),
    [(0.9, 90, "met"), (0.95, 90, "met"), (0.8, 90, "near"), (0.799, 90, "below"),
     (0.667, 90, "below"), (0.667, 70, "near"), (None, 90, "none")],
)  # fmt: skip
def test_a_share_is_met_near_or_below_its_target(share, target, state) -> None:
    assert target_state(share, target) == state


def _set_target(app, service_id: int, target: int) -> None:  # noqa: ANN001
    with app.app_context():
        db.session.get(Service, service_id).target_share = target
        db.session.commit()


@pytest.mark.parametrize(("target", "state"), [(90, "below"), (55, "near"), (50, "met")])
def test_bars_are_coloured_by_the_functions_target(
    app,
    client,
    measured,
    catalogue,
    target,
    state,
) -> None:
    _set_target(app, catalogue["service"], target)
    html = client.get("/agreements/achievement?quarter=2026-Q2").get_data(as_text=True)
    # 2026-Q2: two met, two breached, 50 % in the trend and for the function.
    for chart in ("trend-chart", "functions-chart"):
        svg = html[html.index(f'id="{chart}"') : html.index("</svg>", html.index(f'id="{chart}"'))]
        assert f'class="bar bar--{state}"' in svg
        symbol = {"met": "✓", "near": "≈", "below": "✗"}[state]
        assert f"50.0 % {symbol}" in svg or f"50.0% {symbol}" in svg
        line = svg[svg.index('class="target-line"') :]
        expected_y = PLOT_BOTTOM - PLOT_HEIGHT * target / 100
        assert f'data-target="{target}"' in line
        assert f'y1="{expected_y}"' in line or f'y1="{expected_y:g}"' in line
    assert "target met" in html and "below target" in html  # the legend says it in words


def test_target_share_is_set_on_the_service_form_within_50_to_100(
    app,
    client,
    office,
    catalogue,
) -> None:
    login(client, office.coordinator)
    url = f"/agreements/services/{catalogue['service']}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="target_share"' in page and 'value="90"' in page
    base = {
        "provider_function_id": str(office.time_registration_id),
        "name": "Questions about hour registrations",
        "handoff_ids": [str(office.handoff_id)],
        "is_active": "y",
    }
    for bad in ("40", "101", "abc", ""):
        response = submit(client, url, base | {"target_share": bad})
        assert response.status_code == 400, bad
        assert field_error(response.get_data(as_text=True), "target_share"), bad
    assert submit(client, url, base | {"target_share": "75"}).status_code == 302
    with app.app_context():
        assert db.session.get(Service, catalogue["service"]).target_share == 75


def test_closing_days_are_listed_by_year(app, client, office, catalogue) -> None:
    with app.app_context():
        service = db.session.get(Service, catalogue["service"])
        calendar = db.session.scalar(
            select(BusinessCalendar).where(
                BusinessCalendar.function_id == service.provider_function_id
            )
        )
        for day, name in ((date(2026, 12, 24), "Christmas Eve"), (date(2026, 12, 31), ""),
                          (date(2027, 12, 24), "Christmas Eve")):  # fmt: skip
            db.session.add(ClosingDay(calendar_id=calendar.id, day=day, name=name))
        db.session.commit()
    login(client, office.clerk)
    html = client.get("/agreements/").get_data(as_text=True)
    block = html[html.index('class="closing-days"') : html.index("</dl>")]
    assert block.index("<dt>2026</dt>") < block.index("<dt>2027</dt>")
    assert block.count("<li>") == 3 and "Christmas Eve" in block
    assert "Closed on:" not in html
