"""How survey figures read: a score with one decimal and a signed gap, in the reader's locale."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from flask import Flask

from backoffice.i18n import current_locale


def show_score(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    return format_decimal(value, format="0.0", locale=current_locale())


def show_gap(value: Decimal | float | None) -> str:
    """Self-image minus customers, always with its sign (a true minus sign)."""
    if value is None:
        return "—"
    text = format_decimal(abs(value), format="0.0", locale=current_locale())
    if round(value, 1) == 0:
        return f"±{text}"
    return f"+{text}" if value > 0 else f"−{text}"


def register_formatting(app: Flask) -> None:
    app.jinja_env.filters.update(score=show_score, gap=show_gap)
