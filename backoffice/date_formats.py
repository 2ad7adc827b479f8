"""One way to show a day, a time or a month: one style per language, four-digit years,
times in the organisation's zone.

Babel's named styles disagree between languages ("short" is 03.12.26 in German but
03-12-2026 in Dutch), so each language has its patterns written out here. Every page,
document and mail shows dates through these functions (the Jinja filters `day`, `dt`,
`time`, `month`, `long_day` are the same functions).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache

from babel.dates import format_date, format_datetime

from backoffice.i18n import current_locale, org_timezone

# language → (day, time, day and time, month, day written out)
PATTERNS: dict[str, tuple[str, str, str, str, str]] = {
    "en": ("MMM d, y", "h:mm a", "MMM d, y, h:mm a", "MMMM y", "EEEE, MMMM d, y"),
    "de": ("dd.MM.y", "HH:mm", "dd.MM.y, HH:mm", "MMMM y", "EEEE, d. MMMM y"),
    "nl": ("dd-MM-y", "HH:mm", "dd-MM-y HH:mm", "MMMM y", "EEEE d MMMM y"),
}
DAY, TIME, DAY_TIME, MONTH, LONG_DAY = range(5)


def _pattern(kind: int, locale: str | None) -> tuple[str, str]:
    locale = locale or current_locale()
    return PATTERNS.get(locale, PATTERNS["en"])[kind], locale


def _in_org_zone(value: datetime) -> datetime:
    """Stored times are UTC; a naive one (SQLite) is UTC too."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(org_timezone())


def _format_moment(value: datetime | None, kind: int, locale: str | None) -> str:
    if value is None:
        return ""
    pattern, locale = _pattern(kind, locale)
    return format_datetime(_in_org_zone(value), pattern, locale=locale)


def _format_day(value: date | datetime | None, kind: int, locale: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _in_org_zone(value).date()
    pattern, locale = _pattern(kind, locale)
    return _day_text(value, pattern, locale)


@lru_cache(maxsize=8192)
def _day_text(value: date, pattern: str, locale: str) -> str:
    """Babel takes some 30 µs a day; a list page shows the same days again and again."""
    return format_date(value, pattern, locale=locale)


def show_date(value: date | datetime | None, locale: str | None = None) -> str:
    """03.12.2026 · 03-12-2026 · Dec 3, 2026. A datetime counts as the organisation's day."""
    return _format_day(value, DAY, locale)


def show_datetime(value: datetime | None, locale: str | None = None) -> str:
    """03.12.2026, 17:29 · 03-12-2026 17:29 · Dec 3, 2026, 5:29 PM (organisation's zone)."""
    return _format_moment(value, DAY_TIME, locale)


def show_time(value: datetime | None, locale: str | None = None) -> str:
    return _format_moment(value, TIME, locale)


def show_month(value: date | datetime | None, locale: str | None = None) -> str:
    return _format_day(value, MONTH, locale)


def show_long_date(value: date | datetime | None, locale: str | None = None) -> str:
    """Donnerstag, 3. Dezember 2026: for the day of a meeting."""
    return _format_day(value, LONG_DAY, locale)


def parse_stamp(text: str) -> datetime | None:
    """A time stored as text on the timeline: ISO 8601, or the older "2026-12-03 16:29 UTC"."""
    try:
        if text.endswith(" UTC"):
            return datetime.strptime(text, "%Y-%m-%d %H:%M UTC").replace(tzinfo=UTC)
        return datetime.fromisoformat(text)
    except ValueError:
        return None
