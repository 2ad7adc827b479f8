"""Achievement page and handoff map, each table also as CSV (URLs in `blueprint.py`)."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from backoffice.agreements.achievement import (
    BREACHED_ROWS_SHOWN,
    Achievement,
    achievement,
    current_quarter,
    handoff_map,
)
from backoffice.agreements.figures import Figures
from backoffice.csv_cells import csv_cell
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
    result = achievement(quarter, function, breached_limit=None if export else BREACHED_ROWS_SHOWN)
    if export:
        return _achievement_csv(result, export)
    return render_template(
        "agreements/achievement.html",
        result=result,
        quarters=_quarter_choices(quarter),
        functions=function_choices(active_only=False),
        max_trend=max((f.measured for _k, f in result.trend), default=0),
    )


def _figure_cells(f: Figures) -> list[Any]:
    share = None if f.share is None else round(f.share * 100, 1)
    hours = [None if v is None else round(v / 3600, 2) for v in
             (f.response_p50, f.response_p90, f.resolution_p50, f.resolution_p90)]  # fmt: skip
    return [f.volume, f.met, f.breached, share, *hours]


def _figure_header() -> list[str]:
    return [
        _("Reported"), _("Met"), _("Breached"), _("Share met"), _("Response median (business h)"),
        _("Response p90 (business h)"), _("Resolution median (business h)"),
        _("Resolution p90 (business h)"),
    ]  # fmt: skip


def _achievement_csv(result: Achievement, table: str) -> Response:
    if table == "months":
        header = [_("Month"), *_figure_header()]
        rows = [[key, *_figure_cells(f)] for key, f in result.months]
        rows.append([result.quarter.key, *_figure_cells(result.total)])
    elif table == "functions":
        header = [_("Function"), *_figure_header()]
        rows = [[fn.name, *_figure_cells(f)] for fn, f in result.by_function]
    elif table == "trend":
        header = [_("Quarter"), *_figure_header()]
        rows = [[key, *_figure_cells(f)] for key, f in result.trend]
    elif table == "breached":
        header = [_("Number"), _("Title"), _("Function"), _("Handoff"), _("Resolution due (UTC)"),
                  _("Resolved (UTC)"), _("Corrective action"), _("Preventive action")]  # fmt: skip
        rows = [[r.number, r.title, r.function, r.handoff, r.resolution_due_dt, r.resolved_dt,
                 r.corrective_action, r.preventive_action] for r in result.breached]  # fmt: skip
    else:
        abort(404)
    scope = f"-{result.function.id}" if result.function else ""
    return csv_response(f"achievement-{table}-{result.quarter.key}{scope}.csv", header, rows)


def csv_response(filename: str, header: list[str], rows: list[list[Any]]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return Response(
        "\ufeff" + buffer.getvalue(),  # the BOM lets spreadsheet programs read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@login_required
def handoff_map_page():  # noqa: ANN201
    quarter = _quarter()
    cells = handoff_map(*quarter.bounds(org_timezone()))
    functions = function_choices(active_only=False)
    if request.args.get("export"):
        return _handoff_map_csv(quarter, cells, dict(functions))
    worst = max((c["count"] for c in cells.values()), default=0)
    return render_template(
        "agreements/handoff_map.html",
        quarter=quarter,
        quarters=_quarter_choices(quarter),
        functions=functions,
        cells=cells,
        shade=lambda count: 0 if not count else min(5, 1 + (4 * count) // max(worst, 1)),
    )


def _handoff_map_csv(quarter: Quarter, cells: dict, names: dict[int, str]) -> Response:
    rows = [[names.get(a, a), names.get(b, b), cell["count"], currency, amount]
            for (a, b), cell in sorted(cells.items())
            for currency, amount in (sorted(cell["amounts"].items()) or [("", None)])]  # fmt: skip
    header = [_("From function"), _("To function"), _("Defects"), _("Currency"),
              _("Financial impact")]  # fmt: skip
    return csv_response(f"handoff-map-{quarter.key}.csv", header, rows)
