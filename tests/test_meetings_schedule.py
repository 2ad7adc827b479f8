"""The review rule (year ends, DST, holidays, weekends) and the job that plans reviews."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from backoffice.extensions import db
from backoffice.meetings.models import QuarterlyReview, ReviewAttendee, ReviewEvent
from backoffice.meetings.schedule import (
    ReviewRule,
    ensure_reviews,
    quarters_to_plan,
    review_day,
    review_start,
)
from backoffice.quarters import Quarter
from tests.meetings_steps import NOW, ticket_at

RULE = ReviewRule(timezone="Europe/Berlin", country="DE", subdivision="NW")


def test_quarter_parsing_and_arithmetic_cross_the_year_end() -> None:
    q4 = Quarter.parse("2026-q4")
    assert str(q4) == "2026-Q4" and q4.last_day == date(2026, 12, 31)
    assert str(q4.next()) == "2027-Q1" and str(Quarter(2027, 1).previous()) == "2026-Q4"
    assert Quarter.of(date(2027, 2, 28)) == Quarter(2027, 1)


def test_second_tuesday_after_year_end_in_winter_time() -> None:
    # 2027 starts on a Friday: Tuesdays are the 5th and the 12th; CET is UTC+1.
    assert review_start(Quarter(2026, 4), RULE) == datetime(2027, 1, 12, 9, 0, tzinfo=UTC)


def test_summer_time_shifts_the_utc_hour_not_the_local_one() -> None:
    # April 2026 is CEST (UTC+2): 10:00 local is 08:00 UTC.
    assert review_start(Quarter(2026, 1), RULE) == datetime(2026, 4, 14, 8, 0, tzinfo=UTC)
    # October 2026 is still CEST, January is CET.
    assert review_start(Quarter(2026, 3), RULE).hour == 8
    assert review_start(Quarter(2027, 4), RULE).hour == 9


def test_public_holiday_moves_the_review_to_the_next_business_day() -> None:
    first_monday = ReviewRule(weekday=0, ordinal=1, country="DE", subdivision="NW")
    # 6 April 2026 is Easter Monday.
    assert review_day(Quarter(2026, 1), first_monday) == date(2026, 4, 7)


def test_regional_holiday_counts_only_in_its_region() -> None:
    # Corpus Christi (4 June 2026) is a holiday in NW, not in Berlin.
    rule = ReviewRule(weekday=3, ordinal=10, country="DE", subdivision="NW")
    assert review_day(Quarter(2026, 1), rule) == date(2026, 6, 5)
    berlin = ReviewRule(weekday=3, ordinal=10, country="DE", subdivision="BE")
    assert review_day(Quarter(2026, 1), berlin) == date(2026, 6, 4)


def test_dutch_holidays_and_weekends() -> None:
    # King's Day, Tuesday 27 April 2027, moves to Wednesday 28.
    kings_day = ReviewRule(weekday=1, ordinal=4, country="NL", subdivision="")
    assert review_day(Quarter(2027, 1), kings_day) == date(2027, 4, 28)
    saturday = ReviewRule(weekday=5, ordinal=1, country="NL", subdivision="")
    assert review_day(Quarter(2026, 4), saturday) == date(2027, 1, 4)  # Monday


def test_other_local_time() -> None:
    rule = ReviewRule(
        local_time=time(14, 30), timezone="Europe/Amsterdam", country="NL", subdivision=""
    )
    assert review_start(Quarter(2026, 4), rule) == datetime(2027, 1, 12, 13, 30, tzinfo=UTC)


def test_last_quarters_review_is_planned_while_it_lies_ahead() -> None:
    assert quarters_to_plan(date(2027, 1, 5), RULE) == [Quarter(2026, 4), Quarter(2027, 1)]
    assert quarters_to_plan(date(2027, 1, 13), RULE) == [Quarter(2027, 1)]


def test_ensure_reviews_twice_creates_one_review_with_default_attendees(app, office) -> None:
    with app.app_context():
        ticket_at(office, NOW - timedelta(days=3), owner=office.owner)
        assert ensure_reviews(NOW) == {"created": ["2026-Q4"]}
        assert ensure_reviews(NOW) == {"created": []}
        review = db.session.scalar(select(QuarterlyReview))
        assert review.quarter == "2026-Q4"
        assert review.starts_at == datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
        assert review.duration_minutes == 90 and review.sequence == 0
        assert db.session.scalar(select(func.count(ReviewEvent.id))) == 1
        emails = {a.user.email for a in db.session.scalars(select(ReviewAttendee))}
    # Coordinators and owners of open tickets; not the clerk, not the admin.
    assert emails == {office.coordinator, office.owner}


def test_a_missed_run_catches_up_at_the_next_start(app, office) -> None:
    with app.app_context():
        ensure_reviews(NOW)
        # The scheduler was down from November to early January: one run plans 2027-Q1.
        later = datetime(2027, 1, 6, 7, 0, tzinfo=UTC)
        assert ensure_reviews(later) == {"created": ["2027-Q1"]}
        quarters = db.session.scalars(select(QuarterlyReview.quarter).order_by("quarter")).all()
    assert quarters == ["2026-Q4", "2027-Q1"]


def test_scheduler_knows_the_review_jobs(runner) -> None:
    result = runner.invoke(args=["scheduler", "list"])
    assert "ensure_reviews: interval" in result.output
    assert "send_review_notices: interval" in result.output


def test_seed_demo_plans_the_next_review(app, runner) -> None:
    with app.app_context():
        result = runner.invoke(args=["seed-demo", "--if-empty"])
        assert result.exit_code == 0, result.output
        assert db.session.scalar(select(func.count(QuarterlyReview.id))) >= 1
