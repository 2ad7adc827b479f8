"""The achievement tables and the handoff map as CSV or XLSX: columns and rows, typed.

Cells stay typed here (counts as integers, shares as fractions, hours as numbers,
times as datetimes); `backoffice.spreadsheets` writes them for machines (CSV) or
for people (XLSX).
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort

from backoffice.agreements.achievement import Achievement
from backoffice.agreements.figures import Figures
from backoffice.i18n import gettext as _
from backoffice.quarters import Quarter
from backoffice.spreadsheets import Column, table_response


def _figure_cells(f: Figures) -> list[Any]:
    hours = [None if v is None else round(v / 3600, 2) for v in
             (f.response_p50, f.response_p90, f.resolution_p50, f.resolution_p90)]  # fmt: skip
    return [f.volume, f.met, f.breached, f.share, *hours]


def _figure_columns() -> list[Column]:
    return [
        Column(_("Reported"), "int"), Column(_("Met"), "int"), Column(_("Breached"), "int"),
        Column(_("Share met"), "percent"),
        Column(_("Response median (business h)"), "number"),
        Column(_("Response p90 (business h)"), "number"),
        Column(_("Resolution median (business h)"), "number"),
        Column(_("Resolution p90 (business h)"), "number"),
    ]  # fmt: skip


def achievement_table(result: Achievement, table: str) -> tuple[list[Column], list[list[Any]]]:
    """One table of the achievement page (months, functions, trend, breached); 404 for others."""
    if table == "months":
        rows = [[key, *_figure_cells(f)] for key, f in result.months]
        rows.append([result.quarter.key, *_figure_cells(result.total)])
        return [Column(_("Month")), *_figure_columns()], rows
    if table == "functions":
        rows = [[fn.name, *_figure_cells(f)] for fn, f in result.by_function]
        return [Column(_("Function")), *_figure_columns()], rows
    if table == "trend":
        rows = [[key, *_figure_cells(f)] for key, f in result.trend]
        return [Column(_("Quarter")), *_figure_columns()], rows
    if table == "breached":
        columns = [
            Column(_("Number")), Column(_("Title")), Column(_("Function")), Column(_("Handoff")),
            Column(_("Resolution due"), "datetime"), Column(_("Resolved"), "datetime"),
            Column(_("Corrective action")), Column(_("Preventive action")),
        ]  # fmt: skip
        rows = [[r.number, r.title, r.function, r.handoff, r.resolution_due_dt, r.resolved_dt,
                 r.corrective_action, r.preventive_action] for r in result.breached]  # fmt: skip
        return columns, rows
    abort(404)


def achievement_export(result: Achievement, table: str, file_format: str | None) -> Response:
    columns, rows = achievement_table(result, table)
    scope = f"-{result.function.id}" if result.function else ""
    stem = f"achievement-{table}-{result.quarter.key}{scope}"
    return table_response(stem, columns, rows, file_format)


def handoff_map_export(
    quarter: Quarter, cells: dict, names: dict[int, str], file_format: str | None
) -> Response:
    """One row per (from, to, currency) of the map."""
    rows = [[names.get(a, a), names.get(b, b), cell["count"], currency, amount]
            for (a, b), cell in sorted(cells.items())
            for currency, amount in (sorted(cell["amounts"].items()) or [("", None)])]  # fmt: skip
    columns = [
        Column(_("From function")), Column(_("To function")), Column(_("Defects"), "int"),
        Column(_("Currency")), Column(_("Financial impact"), "money", currency_from=3),
    ]  # fmt: skip
    return table_response(f"handoff-map-{quarter.key}", columns, rows, file_format)
