"""Export of a filtered ticket list: CSV streamed row by row, XLSX in constant memory.

Both read the same statement (`export_rows_stmt`) in batches, so they hold the
same rows in the same order; only the cells differ (see `backoffice.spreadsheets`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from flask import Response

from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.spreadsheets import BATCH_ROWS, Column, csv_batches, xlsx_response
from backoffice.tickets.filters import TicketFilter
from backoffice.tickets.queries import export_rows_stmt

CURRENCY_COLUMN = 13  # the money column takes its currency from this one


def columns() -> list[Column]:
    """The exported columns in the order of `export_rows_stmt`, labelled for the reader."""
    return [
        Column(_("Number")), Column(_("Title")), Column(_("Status")), Column(_("Severity")),
        Column(_("Handoff")), Column(_("From function")), Column(_("To function")),
        Column(_("Category")), Column(_("Owner")), Column(_("Reporter")), Column(_("Reference")),
        Column(_("Billing period")),
        Column(_("Financial impact"), "money", currency_from=CURRENCY_COLUMN),
        Column(_("Currency")), Column(_("Records affected"), "int"), Column(_("Due date"), "date"),
        Column(_("Reported"), "datetime"), Column(_("Resolved"), "datetime"),
        Column(_("Closed"), "datetime"),
    ]  # fmt: skip


def _batches(flt: TicketFilter) -> Iterator[Sequence[Any]]:
    """The rows in lists of `BATCH_ROWS`, read through Core: plain rows, no ORM bookkeeping."""
    stmt = export_rows_stmt(flt).execution_options(stream_results=True, yield_per=BATCH_ROWS)
    result = db.session.connection().execute(stmt)
    try:
        yield from result.partitions()
    finally:
        result.close()


def _rows(flt: TicketFilter) -> Iterator[Any]:
    for batch in _batches(flt):
        yield from batch


def csv_lines(flt: TicketFilter) -> Iterator[str]:
    """Yield the CSV text in chunks of `BATCH_ROWS` rows, each cell through its column's
    converter (`csv_batches`: what `csv_cell` gives, chosen once per column)."""
    cols = columns()
    convert = csv_batches(cols)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.label for column in cols])
    for batch in _batches(flt):
        writer.writerows(convert(batch))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def xlsx_export(flt: TicketFilter) -> Response:
    """The same rows as the CSV as a workbook; amounts become numbers in their currency."""
    return xlsx_response("tickets.xlsx", columns(), _rows(flt))
