"""Achievement page and handoff map, each table also as CSV and XLSX (URLs in `blueprint.py`)."""

from __future__ import annotations

from flask import render_template, request
from flask_login import login_required

from backoffice.agreements.achievement import (
    BREACHED_ROWS_SHOWN,
    achievement,
    current_quarter,
    handoff_map,
)
from backoffice.agreements.exports import achievement_export, handoff_map_export
from backoffice.extensions import db
from backoffice.i18n import org_timezone
from backoffice.org.models import Function
from backoffice.org.service import function_choices
from backoffice.quarters import Quarter
from backoffice.request_values import id_arg


def _quarter() -> Quarter:
    return Quarter.parse_or(request.args.get("quarter"), current_quarter())


def _quarter_choices(selected: Quarter) -> list[Quarter]:
    latest = current_quarter()
    choices = [latest.previous(n) for n in range(12)]
    return choices if selected in choices else [selected, *choices]


@login_required
def achievement_page():  # noqa: ANN201
    function_id = id_arg("function")
    function = db.get_or_404(Function, function_id) if function_id else None
    quarter, export = _quarter(), request.args.get("export")
    limit = None if export else BREACHED_ROWS_SHOWN
    result = achievement(quarter, function, limit, trend_spread=export == "trend")
    if export:
        return achievement_export(result, export, request.args.get("format"))
    return render_template(
        "agreements/achievement.html",
        result=result,
        quarters=_quarter_choices(quarter),
        functions=function_choices(active_only=False),
        max_trend=max((f.measured for _k, f in result.trend), default=0),
    )


@login_required
def handoff_map_page():  # noqa: ANN201
    quarter = _quarter()
    cells = handoff_map(*quarter.bounds(org_timezone()))
    functions = function_choices(active_only=False)
    if request.args.get("export"):
        return handoff_map_export(quarter, cells, dict(functions), request.args.get("format"))
    worst = max((c["count"] for c in cells.values()), default=0)
    return render_template(
        "agreements/handoff_map.html",
        quarter=quarter,
        quarters=_quarter_choices(quarter),
        functions=functions,
        cells=cells,
        shade=lambda count: 0 if not count else min(5, 1 + (4 * count) // max(worst, 1)),
    )
