"""CSV export of a filtered ticket list, streamed row by row in constant memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask_babel import gettext as _

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


def spreadsheet_cell(value: object) -> object:
    """Any value as a plain spreadsheet cell (for small tables; the ticket export is faster)."""
    if value is None:
        return ""
    if hasattr(value, "value") and not isinstance(value, int | float):
        value = value.value  # enums
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return _text(value) if isinstance(value, str) else value


def _text(value: str | None) -> str:
    """Free text; what a spreadsheet would run as a formula is quoted."""
    if not value:
        return ""
    return "'" + value if value[0] in "=+-@\t\r" else value


def _enum(value: object) -> str:
    return value.value if value is not None else ""  # type: ignore[attr-defined]


def _plain(value: object) -> object:
    return "" if value is None else value


def _iso(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]


# One converter per exported column (the order of export_rows_stmt), chosen once,
# so a row costs a few function calls rather than a chain of type checks per cell.
CONVERTERS = (
    _text, _text, _enum, _enum, _text, _text, _text, _text, _text, _text, _text,
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
