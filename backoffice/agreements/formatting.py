"""How agreements' figures read on pages and the review agenda (Jinja filters and globals)."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_decimal

from backoffice.agreements.models import WEEKDAY_LABELS, TargetUnit
from backoffice.i18n import gettext as _
from backoffice.i18n import ngettext


def target_text(amount: int, unit: TargetUnit | str) -> str:
    """'4 business hours', '3 business days', 'same business day'."""
    unit = TargetUnit(unit)
    if unit == TargetUnit.SAME_DAY:
        return _("same business day")
    if unit == TargetUnit.HOURS:
        return ngettext("%(num)d business hour", "%(num)d business hours", amount)
    return ngettext("%(num)d business day", "%(num)d business days", amount)


def business_hours(seconds: float | None) -> str:
    return (
        "" if seconds is None else _("%(hours)s h", hours=format_decimal(seconds / 3600, "#,##0.0"))
    )


def percent(share: float | None) -> str:
    return "—" if share is None else format_decimal(share * 100, "0.0") + " %"


def weekday(index: int) -> str:
    return str(WEEKDAY_LABELS[index])


def register_formatting(app: Flask) -> None:
    app.jinja_env.globals.update(sla_target=target_text)
    app.jinja_env.filters.update(business_hours=business_hours, percent=percent, weekday=weekday)
