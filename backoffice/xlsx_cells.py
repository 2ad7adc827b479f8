"""Rows of a worksheet as the XML that XlsxWriter writes for them, written column by column.

Why not `worksheet.write_*`: XlsxWriter spends about 4 µs on each cell (a cell tuple, a
dimension check, a format lookup, attribute escaping, one file write per cell); an export of
100,000 tickets has 1.8 million cells, so 7 s before the file is even zipped. This module
makes the same bytes for a whole batch of rows at a time: a column's cells in one list
comprehension, a repeated text (names, codes, periods) escaped once.

It writes into the row file of a `constant_memory` worksheet and so leans on four internals
of XlsxWriter: that file (`worksheet.fh`), `_write_single_row` (flushes the header row),
`dim_rowmax` (the sheet's dimension) and a format's `_get_xf_index`. tests/test_exports.py
compares the result with XlsxWriter's own for every kind of cell, so an upgrade that changes
any of them fails there rather than in a reader's Excel.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, tzinfo
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import _utf16_truncate, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

MAX_STRING = 32767  # Excel's limit, in UTF-16 units (XlsxWriter truncates; so do we)
EPOCH = datetime(1899, 12, 31)  # Excel's day 0
EPOCH_ORDINAL = EPOCH.toordinal()
FIRST_PLAIN_DAY = 60  # 1900-03-01: before it, Excel's leap year 1900 needs XlsxWriter's care
# What needs more than the plain form: XML escapes, control characters and their escapes.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_ESCAPED_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")


def inline_string(text: str) -> str:
    """A text cell's attributes and content after `<c r="A1"`, as XlsxWriter writes an
    in-line string in constant_memory mode (escapes, control characters, whitespace)."""
    if (
        len(text) > MAX_STRING // 2
        and len(text.encode("utf-16-le", "surrogatepass")) // 2 > MAX_STRING
    ):
        text = _utf16_truncate(text, MAX_STRING)
    preserve = ""
    if _SPECIAL.search(text) is not None:
        text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
        text = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text[:1].isspace() or text[-1:].isspace():
        preserve = ' xml:space="preserve"'
    return f' t="inlineStr"><is><t{preserve}>{text}</t></is>'


def excel_serial(moment: datetime) -> float | int:
    """A time (naive or aware, read as it shows) as Excel's serial number, to the second,
    to the same bits as XlsxWriter's `days + seconds / 86400`, plus Excel's 29 Feb 1900."""
    days = moment.toordinal() - EPOCH_ORDINAL
    if days < FIRST_PLAIN_DAY:
        from xlsxwriter.utility import _datetime_to_excel_datetime

        plain = moment.replace(tzinfo=None, microsecond=0)
        return _datetime_to_excel_datetime(plain, False, False)
    return days + (moment.hour * 3600 + moment.minute * 60 + moment.second) / 86400 + 1


def excel_day(day: date) -> float | int:
    """A date as Excel's serial number (midnight), as XlsxWriter writes it."""
    days = day.toordinal() - EPOCH_ORDINAL
    if days < FIRST_PLAIN_DAY:
        return excel_serial(datetime.combine(day, datetime.min.time()))
    return days + 1


class Remembered(dict):
    """Cells already made, by value: most texts repeat, and a hit is a lookup in C.
    Forgets everything past `limit`, so memory stays flat on a long export."""

    def __init__(self, make: Callable[[Any], Any], limit: int = 2_000) -> None:
        super().__init__()
        self.make, self.limit = make, limit

    def __missing__(self, value: Any) -> Any:
        if len(self) >= self.limit:
            self.clear()
        cell = self[value] = self.make(value)
        return cell


class RowFile:
    """The row file of a constant_memory worksheet whose header row XlsxWriter has written;
    takes the following rows as XML, whole batches at a time."""

    def __init__(self, sheet: Worksheet, header_row: int = 0) -> None:
        sheet._write_single_row(header_row + 1)  # the header goes to the file first
        self.sheet, self.row = sheet, header_row
        self.styles: dict[int, str] = {}  # id(format) → ' s="N"'

    def style(self, cell_format: Format) -> str:
        """The ` s="N"` of a format, numbered when first used, as XlsxWriter numbers it."""
        key = id(cell_format)
        if key not in self.styles:
            self.styles[key] = f' s="{cell_format._get_xf_index()}"'
        return self.styles[key]

    def write(self, columns: Sequence[Sequence[str]], count: int) -> None:
        """Write `count` rows given column by column, each cell made by one of the `*_cells`
        functions below for rows numbered from `self.first` on ("" for an empty cell)."""
        rows = [
            f'<row r="{n}">{cells}</row>' if (cells := "".join(row)) else ""
            for n, row in zip(
                range(self.first, self.first + count), zip(*columns, strict=True), strict=True
            )
        ]
        self.sheet.fh.write("".join(rows))
        self.row += count
        last = max((i for i, row in enumerate(rows) if row), default=None)
        if last is not None:
            self.sheet.dim_rowmax = max(self.sheet.dim_rowmax or 0, self.row - count + 1 + last)

    @property
    def first(self) -> int:
        """The number Excel shows for the next row (it counts from 1)."""
        return self.row + 2


def text_cells(letter: str, first: int, values: Sequence[Any], texts: Remembered) -> list[str]:
    """A column of text cells; `texts` makes a value's `inline_string` (and remembers it)."""
    return [
        "" if v is None or v == "" else f'<c r="{letter}{n}"{texts[v]}</c>'
        for n, v in enumerate(values, first)
    ]


def number_cells(
    letter: str, first: int, values: Sequence[Any], styles: Sequence[str]
) -> list[str]:
    """A column of numbers (ints, Decimals, floats), each in its style (` s="N"`)."""
    return [
        "" if v is None or v == "" else f'<c r="{letter}{n}"{s}><v>{float(v):.16G}</v></c>'
        for n, v, s in zip(range(first, first + len(values)), values, styles, strict=True)
    ]


def moment_cells(
    letter: str, first: int, values: Sequence[Any], style: str, zone: tzinfo
) -> list[str]:
    """A column of aware times as Excel dates in `zone`, to the second."""
    return [
        ""
        if v is None
        else f'<c r="{letter}{n}"{style}><v>{excel_serial(v.astimezone(zone)):.16G}</v></c>'
        for n, v in enumerate(values, first)
    ]


def day_cells(letter: str, first: int, values: Sequence[Any], style: str) -> list[str]:
    """A column of dates as Excel dates."""
    return [
        "" if v is None else f'<c r="{letter}{n}"{style}><v>{excel_day(v):.16G}</v></c>'
        for n, v in enumerate(values, first)
    ]


def letters(count: int) -> Iterator[str]:
    """Column letters A, B, … for `count` columns."""
    return (xl_col_to_name(i) for i in range(count))
