"""Business-time arithmetic: round trips, weekends, holidays, closing days, DST, edges."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.agreements.business_time import (
    Calendar,
    add_business_days,
    add_business_time,
    business_day_of,
    business_time_between,
    public_holidays,
)

ONE_DAY = timedelta(days=1)

BERLIN = ZoneInfo("Europe/Berlin")
NRW_HOLIDAYS = public_holidays("DE", "NW", range(2024, 2029))
CHRISTMAS_CLOSING = frozenset(date(2026, 12, d) for d in range(24, 32))
OFFICE = Calendar(
    timezone="Europe/Berlin",
    weekdays=frozenset(range(5)),
    day_start=time(8, 30),
    day_end=time(17),
    closed_days=NRW_HOLIDAYS | CHRISTMAS_CLOSING,
)

calendars = st.builds(
    Calendar,
    timezone=st.sampled_from(["Europe/Berlin", "Europe/London", "America/New_York", "UTC"]),
    weekdays=st.frozensets(st.integers(0, 6), min_size=1),
    day_start=st.sampled_from([time(0), time(1, 30), time(7), time(8, 30), time(9)]),
    day_end=st.sampled_from([time(12), time(16, 45), time(17), time(23, 59)]),
    closed_days=st.just(NRW_HOLIDAYS | CHRISTMAS_CLOSING),
)
moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
durations = st.integers(0, 400 * 3600).map(lambda s: timedelta(seconds=s))


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


# The arithmetic done the straightforward way, day by day: the reference that the
# calendar's precomputed timeline (binary searches) must agree with.
def walk(start: datetime, calendar: Calendar) -> Iterator[tuple[datetime, datetime]]:
    day = calendar.local_date(start) - ONE_DAY
    while True:
        hours = calendar.hours_of(day)
        day += ONE_DAY
        if hours is not None and hours[1] > start:
            yield max(hours[0], start), hours[1]


def walk_add(start: datetime, duration: timedelta, calendar: Calendar) -> datetime:
    for begin, end in walk(start, calendar):
        if duration <= end - begin:
            return begin + duration
        duration -= end - begin
    raise AssertionError  # pragma: no cover


def walk_between(start: datetime, end: datetime, calendar: Calendar) -> timedelta:
    total = timedelta(0)
    for begin, close in walk(start, calendar) if end > start else ():
        if begin >= end:
            break
        total += min(close, end) - begin
    return total


def walk_add_days(start: datetime, days: int, calendar: Calendar) -> datetime:
    day = calendar.local_date(next(walk(start, calendar))[0])
    while days:
        day += ONE_DAY
        days -= calendar.hours_of(day) is not None
    return calendar.hours_of(day)[1]


@settings(max_examples=300, deadline=None)
@given(
    start=moments,
    other=moments,
    duration=durations,
    days=st.integers(0, 30),
    calendar=calendars,
    on_the_hour=st.booleans(),
)
def test_the_timeline_agrees_with_walking_day_by_day(
    start: datetime,
    other: datetime,
    duration: timedelta,
    days: int,
    calendar: Calendar,
    on_the_hour: bool,
) -> None:
    if on_the_hour:  # lands on opening and closing times often
        start = start.replace(minute=0, second=0, microsecond=0)
        duration = timedelta(hours=duration // timedelta(hours=1))
    assert add_business_time(start, duration, calendar) == walk_add(start, duration, calendar)
    assert business_time_between(start, other, calendar) == walk_between(start, other, calendar)
    assert add_business_days(start, days, calendar) == walk_add_days(start, days, calendar)
    assert business_day_of(start, calendar) == calendar.local_date(next(walk(start, calendar))[0])


def test_the_timeline_grows_for_moments_far_apart() -> None:
    # One calendar asked about 2019, then 2030, then 2019 again: each answer as walked.
    for start in (berlin(2019, 5, 6, 10), berlin(2030, 1, 2, 8), berlin(2019, 12, 31, 18)):
        for hours in (0, 1, 8, 2000):
            duration = timedelta(hours=hours)
            assert add_business_time(start, duration, OFFICE) == walk_add(start, duration, OFFICE)
        later = start + timedelta(days=400)
        assert business_time_between(start, later, OFFICE) == walk_between(start, later, OFFICE)
        assert add_business_days(start, 200, OFFICE) == walk_add_days(start, 200, OFFICE)
    mondays = Calendar(weekdays=frozenset({0}))  # about five years for 250 working days
    start = berlin(2026, 3, 4, 12)
    assert add_business_days(start, 250, mondays) == walk_add_days(start, 250, mondays)
    long = timedelta(hours=8 * 250)
    assert add_business_time(start, long, mondays) == walk_add(start, long, mondays)


@settings(max_examples=300, deadline=None)
@given(start=moments, duration=durations, calendar=calendars)
def test_adding_then_measuring_round_trips(
    start: datetime, duration: timedelta, calendar: Calendar
) -> None:
    end = add_business_time(start, duration, calendar)
    assert end >= start
    assert business_time_between(start, end, calendar) == duration


@settings(max_examples=200, deadline=None)
@given(
    start=moments,
    first=durations,
    second=st.integers(1, 400 * 3600).map(lambda s: timedelta(seconds=s)),
    calendar=calendars,
)
def test_adding_twice_is_adding_the_sum(
    start: datetime, first: timedelta, second: timedelta, calendar: Calendar
) -> None:
    # Not for a zero second step: a deadline may end at closing time, and adding
    # nothing to a closing time moves on to the next opening (by design).
    middle = add_business_time(start, first, calendar)
    assert add_business_time(middle, second, calendar) == add_business_time(
        start, first + second, calendar
    )


@settings(max_examples=200, deadline=None)
@given(start=moments, duration=st.integers(1, 400 * 3600), calendar=calendars)
def test_a_deadline_falls_inside_working_hours(
    start: datetime, duration: int, calendar: Calendar
) -> None:
    end = add_business_time(start, timedelta(seconds=duration), calendar)
    day = calendar.local_date(end - timedelta(microseconds=1))
    hours = calendar.hours_of(day)
    assert hours is not None and hours[0] < end <= hours[1]


@settings(max_examples=200, deadline=None)
@given(start=moments, days=st.integers(0, 30), calendar=calendars)
def test_business_days_end_at_closing_time_of_a_working_day(
    start: datetime, days: int, calendar: Calendar
) -> None:
    due = add_business_days(start, days, calendar)
    day = calendar.local_date(due - timedelta(microseconds=1))
    assert calendar.is_working_day(day)
    assert due == calendar.hours_of(day)[1]
    assert due > start
    # Tickets keep day targets as business seconds: adding them back gives the closing time.
    assert add_business_time(start, business_time_between(start, due, calendar), calendar) == due


@settings(max_examples=200, deadline=None)
@given(a=moments, b=moments, c=moments, calendar=calendars)
def test_measuring_is_additive(a: datetime, b: datetime, c: datetime, calendar: Calendar) -> None:
    a, b, c = sorted((a, b, c))
    assert business_time_between(a, c, calendar) == business_time_between(
        a, b, calendar
    ) + business_time_between(b, c, calendar)


def test_weekend_is_skipped() -> None:
    friday_4pm = berlin(2026, 3, 6, 16)
    assert add_business_time(friday_4pm, timedelta(hours=2), OFFICE) == berlin(2026, 3, 9, 9, 30)


def test_closing_time_edge_stays_on_the_same_day() -> None:
    assert add_business_time(berlin(2026, 3, 4, 16), timedelta(hours=1), OFFICE) == berlin(
        2026, 3, 4, 17
    )
    # A zero duration reported after hours starts at the next opening.
    assert add_business_time(berlin(2026, 3, 4, 18), timedelta(0), OFFICE) == berlin(
        2026, 3, 5, 8, 30
    )


def test_public_holiday_and_region() -> None:
    # Corpus Christi (4 June 2026) is a holiday in North Rhine-Westphalia, not in Berlin.
    assert date(2026, 6, 4) in NRW_HOLIDAYS
    assert date(2026, 6, 4) not in public_holidays("DE", "BE", [2026])
    wednesday = berlin(2026, 6, 3, 16)
    assert add_business_time(wednesday, timedelta(hours=2), OFFICE) == berlin(2026, 6, 5, 9, 30)


def test_closing_days_between_christmas_and_new_year() -> None:
    due = add_business_days(berlin(2026, 12, 23, 10), 1, OFFICE)
    assert due == berlin(2027, 1, 4, 17)  # 24-31 Dec closed, 1 Jan holiday, 2-3 Jan weekend


def test_reported_after_hours_on_a_friday_before_a_public_holiday() -> None:
    # Friday 1 May 2026 is Labour Day; Thursday 30 April after hours → next business day is Monday.
    thursday_evening = berlin(2026, 4, 30, 19, 45)
    assert business_day_of(thursday_evening, OFFICE) == date(2026, 5, 4)
    # Good Friday 3 April 2026 and Easter Monday 6 April: reported Thursday night.
    thursday = berlin(2026, 4, 2, 18)
    assert add_business_days(thursday, 0, OFFICE) == berlin(2026, 4, 7, 17)
    assert add_business_time(thursday, timedelta(hours=1), OFFICE) == berlin(2026, 4, 7, 9, 30)
    # Reported after hours on Friday 22 May 2026, Whit Monday 25 May is a holiday.
    friday = berlin(2026, 5, 22, 20)
    assert add_business_days(friday, 0, OFFICE) == berlin(2026, 5, 26, 17)


def test_same_business_day_during_hours() -> None:
    assert add_business_days(berlin(2026, 3, 4, 10), 0, OFFICE) == berlin(2026, 3, 4, 17)
    assert add_business_days(berlin(2026, 3, 4, 7), 0, OFFICE) == berlin(2026, 3, 4, 17)
    assert add_business_days(berlin(2026, 3, 4, 10), 3, OFFICE) == berlin(2026, 3, 9, 17)


def test_dst_changes_keep_wall_clock_hours() -> None:
    # Clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October 2026.
    for friday, monday in ((berlin(2026, 3, 27, 16), 30), (berlin(2026, 10, 23, 16), 26)):
        due = add_business_time(friday, timedelta(hours=2), OFFICE)
        assert due.astimezone(BERLIN).replace(tzinfo=None) == datetime(
            2026, friday.month, monday, 9, 30
        )
    nights = Calendar(timezone="Europe/Berlin", weekdays=frozenset(range(7)), day_start=time(0),
                      day_end=time(23, 59))  # fmt: skip
    spring_day = business_time_between(berlin(2026, 3, 29), berlin(2026, 3, 30), nights)
    assert spring_day == timedelta(hours=22, minutes=59)  # one hour fewer on the day itself


def test_bad_calendars_are_refused() -> None:
    with pytest.raises(ValueError):
        Calendar(weekdays=frozenset())
    with pytest.raises(ValueError):
        Calendar(day_start=time(17), day_end=time(9))
    with pytest.raises(ValueError):
        add_business_time(datetime(2026, 1, 1), timedelta(hours=1), OFFICE)
