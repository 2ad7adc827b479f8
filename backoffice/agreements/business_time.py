"""Business-time arithmetic: pure functions over a working calendar.

Deadlines are promised in business hours or business days ("same business
day"), so they must skip nights, weekends, public holidays and company
closing days, in the function's own time zone. Everything here works on
aware datetimes and converts each working day to a UTC interval, which keeps
DST changes right: a working day is 09:00-17:00 on the wall clock, however
many UTC hours that is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

ONE_DAY = timedelta(days=1)
# A target may be at most a year; searching six years ahead always finds its end
# unless the calendar has no working time at all.
MAX_SEARCH_DAYS = 6 * 366


class NoWorkingTime(ValueError):
    """The calendar has no working time left in the searched range."""


@dataclass(frozen=True)
class Calendar:
    """When a function works: weekdays (0 = Monday), daily hours, time zone, closed days."""

    timezone: str = "Europe/Berlin"
    weekdays: frozenset[int] = frozenset(range(5))
    day_start: time = time(9)
    day_end: time = time(17)
    closed_days: frozenset[date] = field(default=frozenset(), repr=False)

    def __post_init__(self) -> None:
        if not self.weekdays:
            raise ValueError("a calendar needs at least one working day")
        if self.day_end <= self.day_start:
            raise ValueError("the working day must end after it starts")

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.weekdays and day not in self.closed_days

    def hours_of(self, day: date) -> tuple[datetime, datetime] | None:
        """The working interval of `day` in UTC, or None on a day off."""
        if not self.is_working_day(day):
            return None
        return _interval(self.timezone, self.day_start, self.day_end, day)

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(ZoneInfo(self.timezone)).date()


@lru_cache(maxsize=100_000)
def _interval(tz: str, start: time, end: time, day: date) -> tuple[datetime, datetime] | None:
    zone = ZoneInfo(tz)
    opens = datetime.combine(day, start, tzinfo=zone).astimezone(UTC)
    closes = datetime.combine(day, end, tzinfo=zone).astimezone(UTC)
    return (opens, closes) if closes > opens else None


def public_holidays(country: str, subdiv: str | None, years: Iterable[int]) -> frozenset[date]:
    """Public holidays of a country (and region) from the `holidays` package."""
    if not country:
        return frozenset()
    return frozenset(holidays.country_holidays(country, subdiv=subdiv or None, years=list(years)))


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; use timezone-aware datetimes")


def _working_intervals(start: datetime, calendar: Calendar) -> Iterator[tuple[datetime, datetime]]:
    """Working intervals from `start` on, the first one clipped to begin at `start`."""
    day = calendar.local_date(start) - ONE_DAY  # a shift ending after midnight UTC
    for _ in range(MAX_SEARCH_DAYS):
        hours = calendar.hours_of(day)
        day += ONE_DAY
        if hours is None or hours[1] <= start:
            continue
        yield max(hours[0], start), hours[1]
    raise NoWorkingTime("no working time within the search range")


def add_business_time(start: datetime, duration: timedelta, calendar: Calendar) -> datetime:
    """The moment `duration` of working time after `start`.

    A zero duration gives the next working moment (start itself during hours).
    A duration that ends exactly at closing time ends that day, not next morning.
    """
    _require_aware(start)
    if duration < timedelta(0):
        raise ValueError("duration must not be negative")
    remaining = duration
    for begin, end in _working_intervals(start, calendar):
        available = end - begin
        if remaining <= available:
            return begin + remaining
        remaining -= available
    raise NoWorkingTime  # pragma: no cover - the generator raises first


def business_time_between(start: datetime, end: datetime, calendar: Calendar) -> timedelta:
    """Working time from `start` to `end` (zero when `end` is not later)."""
    _require_aware(start)
    _require_aware(end)
    total = timedelta(0)
    if end <= start:
        return total
    for begin, close in _working_intervals(start, calendar):
        if begin >= end:
            break
        total += min(close, end) - begin
    return total


def business_day_of(moment: datetime, calendar: Calendar) -> date:
    """The business day a moment counts for: today during or before hours, else the next one."""
    _require_aware(moment)
    begin, _end = next(_working_intervals(moment, calendar))
    return calendar.local_date(begin)


def end_of_business_day(day: date, calendar: Calendar) -> datetime:
    hours = calendar.hours_of(day)
    if hours is None:
        raise ValueError(f"{day} is not a working day")
    return hours[1]


def add_business_days(start: datetime, days: int, calendar: Calendar) -> datetime:
    """Closing time of the business day `days` working days after the one `start` counts for.

    `days=0` is "the same business day": a report at 10:00 is due at closing
    time today, one after hours at closing time of the next working day.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = business_day_of(start, calendar)
    for _ in range(MAX_SEARCH_DAYS):
        if days == 0:
            return end_of_business_day(day, calendar)
        day += ONE_DAY
        if calendar.is_working_day(day) and calendar.hours_of(day) is not None:
            days -= 1
    raise NoWorkingTime("no working day within the search range")
