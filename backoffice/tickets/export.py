"""CSV export of a filtered ticket list, streamed row by row in constant memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask_babel import gettext as _

from backoffice.csv_cells import text_cell
from backoffice.extensions import db
from backoffice.tickets.filters import TicketFilter
from backoffice.tickets.queries import export_rows_stmt

BATCH_SIZE = 1000


def _header() -> list[str]:
    return [
        _("Number"), _("Title"), _("Status"), _("Severity"), _("Handoff"), _("From function"),
        _("To function"), _("Category"), _("Owner"), _("Reporter"), _("Reference"),
        _("Billing period"), _("Financial impact"), _("Currency"), _("Records affected"),
        _("Due date"), _("Reported (UTC)"), _("Resolved (UTC)"), _("Closed (UTC)"),
    ]  # fmt: skip


def _enum(value: object) -> str:
    return value.value if value is not None else ""  # type: ignore[attr-defined]


def _plain(value: object) -> object:
    return "" if value is None else value


def _iso(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]


# One converter per exported column (the order of export_rows_stmt), chosen once,
# so a row costs a few function calls rather than a chain of type checks per cell.
CONVERTERS = (
    text_cell, text_cell, _enum, _enum, text_cell, text_cell, text_cell, text_cell, text_cell,
    text_cell, text_cell,
    _plain, _plain, _plain, _plain, _iso, _iso, _iso, _iso,
)  # fmt: skip


def csv_lines(flt: TicketFilter) -> Iterator[str]:
    """Yield the CSV text in chunks; rows come from the database in batches."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    stmt = export_rows_stmt(flt).execution_options(yield_per=BATCH_SIZE, stream_results=True)
    result = db.session.execute(stmt)
    for count, row in enumerate(result, start=1):
        writer.writerow([convert(value) for convert, value in zip(CONVERTERS, row, strict=True)])
        if count % BATCH_SIZE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    result.close()
    yield buffer.getvalue()
