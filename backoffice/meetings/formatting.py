"""How review pages and documents show values: Jinja filters and globals of the feature."""

from __future__ import annotations

from datetime import datetime

from backoffice.date_formats import show_long_date, show_time
from backoffice.tickets.models import Severity


def severity_label(value: str) -> str:
    """Label of a severity stored as text (in a frozen agenda)."""
    return Severity(value).label if value in Severity._value2member_map_ else value


def meeting_time(value: datetime) -> str:
    """ "Tuesday, 12 January 2027, 10:00": the full day, the time without seconds or zone name."""
    return f"{show_long_date(value)}, {show_time(value)}"
