"""Reading an uploaded CSV or XLSX file: its header row, then its rows one at a time.

Rows are read lazily (openpyxl's read-only mode, the csv module over a text stream),
so a file of 10,000 rows is never held as Python objects all at once.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from backoffice.errors import Invalid
from backoffice.i18n import gettext as _

MAX_COLUMNS = 60


@dataclass(frozen=True)
class Table:
    filename: str
    data: bytes

    @property
    def is_xlsx(self) -> bool:
        return self.filename.lower().endswith(".xlsx")

    def _raw_rows(self) -> Iterator[list[Any]]:
        if self.is_xlsx:
            yield from _xlsx_rows(self.data)
        else:
            yield from _csv_rows(self.data)

    def headers(self) -> list[str]:
        for row in self._raw_rows():
            headers = [str(cell or "").strip() for cell in row][:MAX_COLUMNS]
            while headers and not headers[-1]:
                headers.pop()
            if not headers:
                break
            return headers
        raise Invalid({"file": _("The file has no header row.")})

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(line number, {header: cell}) for each row after the header; empty rows skipped."""
        headers = self.headers()
        for line, row in enumerate(self._raw_rows(), 1):
            if line == 1:
                continue
            cells = dict(zip(headers, row, strict=False))
            if any(value not in (None, "") for value in cells.values()):
                yield line, cells

    def layout_hash(self) -> str:
        """The file's layout: its column names, so the mapping fits the next such file."""
        return hashlib.sha256("\x1f".join(h.lower() for h in self.headers()).encode()).hexdigest()


def _xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  zip, XML or format errors: not a workbook we can read
        raise Invalid({"file": _("This is not a readable XLSX file.")}) from None
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
        sample = text.read(4096)
    except UnicodeDecodeError:
        raise Invalid({"file": _("Save the CSV file as UTF-8.")}) from None
    text.seek(0)
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        yield from csv.reader(text, delimiter=delimiter)
    except (UnicodeDecodeError, csv.Error):
        raise Invalid({"file": _("Save the CSV file as UTF-8.")}) from None
