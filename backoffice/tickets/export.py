"""CSV export of a filtered ticket list, streamed row by row in constant memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask_babel import gettext as _

from backoffice.extensions import db
from backoffice.tickets.queries import TicketFilter, export_rows_stmt

BATCH_SIZE = 1000


def _header() -> list[str]:
    return [
        _("Number"), _("Title"), _("Status"), _("Severity"), _("Handoff"), _("From function"),
        _("To function"), _("Category"), _("Owner"), _("Reporter"), _("Reference"),
        _("Billing period"), _("Financial impact"), _("Currency"), _("Records affected"),
        _("Due date"), _("Reported (UTC)"), _("Resolved (UTC)"), _("Closed (UTC)"),
    ]  # fmt: skip


def _cell(value: object) -> object:
    """Plain values for spreadsheets; text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if hasattr(value, "value") and not isinstance(value, int | float):
        value = value.value  # enums
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_lines(flt: TicketFilter) -> Iterator[str]:
    """Yield the CSV text in chunks; rows come from the database in batches."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    stmt = export_rows_stmt(flt).execution_options(yield_per=BATCH_SIZE, stream_results=True)
    result = db.session.execute(stmt)
    for count, row in enumerate(result, start=1):
        writer.writerow([_cell(value) for value in row])
        if count % BATCH_SIZE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    result.close()
    yield buffer.getvalue()
