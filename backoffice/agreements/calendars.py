"""Turning stored business calendars into `business_time.Calendar` values."""

from __future__ import annotations

from datetime import date, time
from functools import lru_cache

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backoffice.agreements.business_time import Calendar, public_holidays
from backoffice.agreements.models import BusinessCalendar
from backoffice.extensions import db
from backoffice.i18n import org_timezone_name
from backoffice.models import utcnow


@lru_cache(maxsize=256)
def _build(
    timezone: str,
    weekdays: frozenset[int],
    day_start: time,
    day_end: time,
    country: str,
    subdiv: str,
    closing: frozenset[date],
    this_year: int,
) -> Calendar:
    """Cached: expanding public holidays over several years costs milliseconds each time."""
    years = range(this_year - 3, this_year + 4)
    return Calendar(
        timezone=timezone,
        weekdays=weekdays,
        day_start=day_start,
        day_end=day_end,
        closed_days=public_holidays(country, subdiv, years) | closing,
    )


def make_calendar(
    timezone: str,
    weekdays: frozenset[int],
    day_start: time,
    day_end: time,
    country: str = "",
    subdiv: str = "",
    closing: frozenset[date] = frozenset(),
) -> Calendar:
    return _build(timezone, weekdays, day_start, day_end, country, subdiv, closing, utcnow().year)


def to_calendar(row: BusinessCalendar) -> Calendar:
    return make_calendar(
        row.timezone,
        row.weekdays,
        row.day_start,
        row.day_end,
        row.holiday_country,
        row.holiday_subdiv,
        frozenset(c.day for c in row.closing_days),
    )


def default_calendar() -> Calendar:
    """For functions without their own calendar: the organisation's defaults from config."""
    config = current_app.config
    return make_calendar(
        org_timezone_name(),
        frozenset(config["BUSINESS_WEEKDAYS"]),
        time.fromisoformat(config["BUSINESS_DAY_START"]),
        time.fromisoformat(config["BUSINESS_DAY_END"]),
        config["HOLIDAY_COUNTRY"],
        config["HOLIDAY_SUBDIV"],
    )


def is_default_business_day(day: date) -> bool:
    """Whether the organisation works on `day` (its weekdays, without public holidays):
    the days manual due dates are counted in."""
    return default_calendar().is_working_day(day)


def calendars_by_function(function_ids: set[int] | None = None) -> dict[int, Calendar]:
    """Every function's calendar in two statements (calendars, then their closing days)."""
    stmt = select(BusinessCalendar).options(selectinload(BusinessCalendar.closing_days))
    if function_ids is not None:
        if not function_ids:
            return {}
        stmt = stmt.where(BusinessCalendar.function_id.in_(function_ids))
    return {row.function_id: to_calendar(row) for row in db.session.scalars(stmt)}


class CalendarBook(dict):
    """Calendars by function id, falling back to the default calendar."""

    def for_function(self, function_id: int | None) -> Calendar:
        if function_id in self:
            return self[function_id]
        return default_calendar()


def calendar_of(function_id: int | None) -> Calendar:
    """The calendar a function works by (its own, else the default one)."""
    return CalendarBook(
        calendars_by_function({function_id} if function_id else set())
    ).for_function(function_id)
