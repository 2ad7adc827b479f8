"""Business-time arithmetic: pure functions over a working calendar.

Deadlines are promised in business hours or business days ("same business
day"), so they must skip nights, weekends, public holidays and company
closing days, in the function's own time zone. Everything here works on
aware datetimes and converts each working day to a UTC interval, which keeps
DST changes right: a working day is 09:00-17:00 on the wall clock, however
many UTC hours that is.

A calendar lays its working days out once, whole years at a time, as a
`Timeline`: the UTC intervals in microseconds with the working time before
each. Adding and measuring are then binary searches, so computing the due
times of 10,000 tickets does not walk 10,000 times through their days.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

import holidays

ONE_DAY = timedelta(days=1)
ONE_US = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# A target may be at most a year; searching six years ahead always finds its end
# unless the calendar has no working time at all.
MAX_SEARCH_DAYS = 6 * 366
DAY_US = 86_400_000_000
MAX_SEARCH_US = MAX_SEARCH_DAYS * DAY_US
YEAR_US = 366 * DAY_US


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

    def timeline(self, first: int, last: int) -> Timeline:
        """A timeline holding every working interval between two moments (microseconds)."""
        timeline = self._timelines.get("latest")
        if timeline is None or not timeline.covers(first, last):
            timeline = Timeline.build(self, first, last, timeline)
            self._timelines["latest"] = timeline  # swapped whole: safe for other threads
        return timeline

    @cached_property
    def _timelines(self) -> dict[str, Timeline]:
        """A cache beside the (frozen) fields: the calendar's latest timeline."""
        return {}


@lru_cache(maxsize=100_000)
def _interval(tz: str, start: time, end: time, day: date) -> tuple[datetime, datetime] | None:
    zone = ZoneInfo(tz)
    opens = datetime.combine(day, start, tzinfo=zone).astimezone(UTC)
    closes = datetime.combine(day, end, tzinfo=zone).astimezone(UTC)
    return (opens, closes) if closes > opens else None


def _us(moment: datetime) -> int:
    return (moment - EPOCH) // ONE_US


def _moment(us: int) -> datetime:
    return EPOCH + timedelta(0, 0, us)  # positional: twice as fast as microseconds=us


@dataclass(frozen=True, eq=False, slots=True)
class Timeline:
    """A calendar's working intervals over whole local years, in microseconds since 1970.

    `opens[i]`/`closes[i]` bound the i-th working interval, `before[i]` is the
    working time from the first interval to its start and `through[i]` to its
    end. Intervals never overlap and come in order, one per working day.
    """

    start: int  # local midnight of the first day covered, in microseconds
    end: int  # local midnight after the last day covered
    first_year: int
    last_year: int
    opens: list[int]
    closes: list[int]
    before: list[int]
    through: list[int]

    @classmethod
    def build(
        cls, calendar: Calendar, first: int, last: int, previous: Timeline | None = None
    ) -> Timeline:
        # A year's margin on both sides: local dates differ from UTC ones by a day at
        # most, and the next request of a batch is then covered already.
        first_year = _moment(first).year - 1
        last_year = _moment(last).year + 1
        if previous is not None:
            first_year = min(first_year, previous.first_year)
            last_year = max(last_year, previous.last_year)
        opens, closes, before, through = [], [], [], []
        total = 0
        day, stop = date(first_year, 1, 1), date(last_year + 1, 1, 1)
        while day < stop:
            hours = calendar.hours_of(day)
            day += ONE_DAY
            if hours is None:
                continue
            begin, finish = _us(hours[0]), _us(hours[1])
            opens.append(begin)
            closes.append(finish)
            before.append(total)
            total += finish - begin
            through.append(total)
        zone = ZoneInfo(calendar.timezone)
        return cls(
            _us(datetime(first_year, 1, 1, tzinfo=zone)),
            _us(datetime(last_year + 1, 1, 1, tzinfo=zone)),
            first_year, last_year, opens, closes, before, through,
        )  # fmt: skip

    def covers(self, first: int, last: int) -> bool:
        return self.start <= first and last <= self.end

    def worked(self, moment: int) -> int:
        """Working time from the start of the timeline to `moment`."""
        i = bisect_right(self.opens, moment) - 1
        if i < 0:
            return 0
        return self.before[i] + min(moment, self.closes[i]) - self.opens[i]

    def next_interval(self, moment: int) -> int:
        """Index of the first interval that ends after `moment` (len when none)."""
        return bisect_right(self.closes, moment)


def public_holidays(country: str, subdiv: str | None, years: Iterable[int]) -> frozenset[date]:
    """Public holidays of a country (and region) from the `holidays` package."""
    if not country:
        return frozenset()
    return frozenset().union(*(_holidays_of(country, subdiv or None, year) for year in years))


@lru_cache(maxsize=256)
def _holidays_of(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    """Cached: the `holidays` package takes milliseconds to expand a year."""
    return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=year))


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; use timezone-aware datetimes")


class BusinessTimeFrom:
    """Business-time arithmetic from one moment on.

    Finding where `start` falls is done once, so the several due times of a
    ticket cost one binary search each.
    """

    __slots__ = ("calendar", "start", "timeline", "worked", "first")

    def __init__(self, start: datetime, calendar: Calendar) -> None:
        _require_aware(start)
        self.calendar = calendar
        self.start = _us(start)
        self._locate(calendar.timeline(self.start, self.start))

    def _locate(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.worked = timeline.worked(self.start)  # relative to the timeline's start
        self.first = timeline.next_interval(self.start)

    def _extend(self) -> None:
        horizon = self.timeline.end + YEAR_US
        if horizon - self.start > MAX_SEARCH_US:
            raise NoWorkingTime("no working time within the search range")
        self._locate(self.calendar.timeline(self.start, horizon))

    def after(self, duration: timedelta) -> datetime:
        """The moment `duration` of working time after the start.

        A zero duration gives the next working moment (start itself during hours).
        A duration that ends exactly at closing time ends that day, not next morning.
        """
        return self.after_us(duration // ONE_US)

    def after_us(self, amount: int) -> datetime:
        """`after` for a duration in microseconds (spares building timedeltas in bulk)."""
        if amount < 0:
            raise ValueError("duration must not be negative")
        while True:
            line, target = self.timeline, self.worked + amount
            i = bisect_left(line.through, target)
            if i < self.first:  # earlier intervals end at the target too when adding nothing
                i = self.first
            if i < len(line.opens):
                return _moment(line.opens[i] + target - line.before[i])
            self._extend()

    def until(self, end: datetime) -> timedelta:
        """Working time from the start to `end` (zero when `end` is not later)."""
        _require_aware(end)
        last = _us(end)
        if last <= self.start:
            return timedelta(0)
        if last > self.timeline.end:
            self._locate(self.calendar.timeline(self.start, last))
        return timedelta(0, 0, self.timeline.worked(last) - self.worked)

    def _day(self, days: int) -> int:
        while self.first + days >= len(self.timeline.opens):
            self._extend()
        return self.first + days

    def business_day(self) -> date:
        """The business day the start counts for: today during or before hours, else the next."""
        i = self._day(0)  # may extend the timeline: index it afterwards
        begin = max(self.timeline.opens[i], self.start)
        return self.calendar.local_date(_moment(begin))

    def closing(self, days: int) -> datetime:
        """Closing time of the business day `days` working days after the start's one."""
        if days < 0:
            raise ValueError("days must not be negative")
        i = self._day(days)
        return _moment(self.timeline.closes[i])

    def until_closing(self, days: int) -> timedelta:
        """Working time from the start to `closing(days)`."""
        if days < 0:
            raise ValueError("days must not be negative")
        i = self._day(days)
        return timedelta(0, 0, self.timeline.through[i] - self.worked)


def add_business_time(start: datetime, duration: timedelta, calendar: Calendar) -> datetime:
    """The moment `duration` of working time after `start` (see `BusinessTimeFrom.after`)."""
    return BusinessTimeFrom(start, calendar).after(duration)


def business_time_between(start: datetime, end: datetime, calendar: Calendar) -> timedelta:
    """Working time from `start` to `end` (zero when `end` is not later)."""
    return BusinessTimeFrom(start, calendar).until(end)


def business_day_of(moment: datetime, calendar: Calendar) -> date:
    """The business day a moment counts for: today during or before hours, else the next one."""
    return BusinessTimeFrom(moment, calendar).business_day()


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
    return BusinessTimeFrom(start, calendar).closing(days)
