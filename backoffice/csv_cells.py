"""Cells of every CSV export, safe to open in a spreadsheet program (the one home of the rule).

A cell that starts with `= + - @`, a tab or a carriage return is run as a formula by
Excel and LibreOffice ("CSV injection"). The cell is not the only start: a spreadsheet
whose list separator is `;` (the default in German and Dutch) or `,` splits a cell at
that separator, so `x;=1+1` becomes a second cell `=1+1`. So every start of a formula
at the beginning of the text AND after any `;` or `,` inside it gets a `'` in front,
which spreadsheets show as text. Every export writes its cells through `spreadsheets.csv_cell`, which sends text here.
"""

from __future__ import annotations

import re

FORMULA_STARTS = "=+-@\t\r"
# A formula start at the beginning or after a separator (spaces before it do not help).
_FORMULA_START = re.compile(r"(^|[;,])(?=[ ]*[=+\-@\t\r])")


def text_cell(value: str | None) -> str:
    """Free text as a cell that no spreadsheet runs as a formula."""
    if not value:
        return ""
    if value[0] in FORMULA_STARTS or ";" in value or "," in value:
        return _FORMULA_START.sub(r"\1'", value)
    return value
