"""When a quarterly review takes place, and the job that plans the next ones.

The rule is pure (quarter + settings → aware UTC start), so tests can check it
across year ends, DST changes and holidays without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from backoffice.extensions import db
from backoffice.i18n import org_day, org_timezone_name
from backoffice.meetings.attendees import add_default_attendees
from backoffice.meetings.models import QuarterlyReview, ReviewEvent, ReviewEventKind
from backoffice.models import utcnow
from backoffice.quarters import Quarter


@dataclass(frozen=True)
class ReviewRule:
    """The n-th weekday after the quarter ends, at a local time, off weekends and holidays."""

    weekday: int = 1  # Monday=0: Tuesday
    ordinal: int = 2
    local_time: time = time(10, 0)
    timezone: str = "Europe/Berlin"
    country: str = "DE"
    subdivision: str = "NW"

    @classmethod
    def of_organisation(cls) -> ReviewRule:
        """The rule the settings describe, in the organisation's time zone."""
        config = current_app.config
        hours, _, minutes = config["REVIEW_TIME"].partition(":")
        return cls(
            weekday=config["REVIEW_WEEKDAY"],
            ordinal=config["REVIEW_WEEK_ORDINAL"],
            local_time=time(int(hours), int(minutes or 0)),
            timezone=org_timezone_name(),
            country=config["HOLIDAY_COUNTRY"],
            subdivision=config.get("HOLIDAY_SUBDIV", ""),
        )


@lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision or None, years=year)


def is_business_day(day: date, rule: ReviewRule) -> bool:
    return day.weekday() < 5 and day not in _holidays(rule.country, rule.subdivision, day.year)


def review_day(quarter: Quarter, rule: ReviewRule) -> date:
    """The rule's day; a weekend or public holiday moves it to the next business day."""
    after = quarter.last_day + timedelta(days=1)
    first = after + timedelta(days=(rule.weekday - after.weekday()) % 7)
    day = first + timedelta(weeks=rule.ordinal - 1)
    while not is_business_day(day, rule):
        day += timedelta(days=1)
    return day


def review_start(quarter: Quarter, rule: ReviewRule) -> datetime:
    """Local wall-clock time on the review day, as aware UTC (zoneinfo handles DST)."""
    local = datetime.combine(review_day(quarter, rule), rule.local_time, ZoneInfo(rule.timezone))
    return local.astimezone(UTC)


def quarters_to_plan(today: date, rule: ReviewRule) -> list[Quarter]:
    """The current quarter's review, and the last one's while it still lies ahead."""
    current = Quarter.of(today)
    previous = current.previous()
    wanted = [current]
    if review_day(previous, rule) >= today:
        wanted.insert(0, previous)
    return wanted


def ensure_reviews(now: datetime | None = None) -> dict[str, list[str]]:
    """Plan the next reviews that do not exist yet (a scheduler job; safe to run twice).

    The insert skips on the unique quarter, so two processes racing cannot
    create a second review; only the one that inserted records the event and
    the default attendees.
    """
    now = now or utcnow()
    config = current_app.config
    rule = ReviewRule.of_organisation()
    local_today = org_day(now)
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    created = []
    for quarter in quarters_to_plan(local_today, rule):
        review_id = db.session.execute(
            insert(QuarterlyReview)
            .values(
                quarter=str(quarter),
                starts_at=review_start(quarter, rule),
                duration_minutes=config["REVIEW_DURATION_MINUTES"],
                location=config["REVIEW_LOCATION"],
                video_url="",
                status="planned",
                sequence=0,
                cancel_reason="",
                created_dt=now,
                updated_dt=now,
            )
            .on_conflict_do_nothing(index_elements=["quarter"])
            .returning(QuarterlyReview.id)
        ).scalar()
        if review_id is None:
            continue
        review = db.session.get(QuarterlyReview, review_id)
        db.session.add(
            ReviewEvent(review_id=review_id, kind=ReviewEventKind.CREATED, created_dt=now)
        )
        add_default_attendees(review)
        created.append(str(quarter))
    db.session.commit()
    return {"created": created}


def previous_review(review: QuarterlyReview) -> QuarterlyReview | None:
    """The latest review before this one that was not cancelled."""
    return db.session.scalar(
        select(QuarterlyReview)
        .where(QuarterlyReview.quarter < review.quarter, QuarterlyReview.status != "cancelled")
        .order_by(QuarterlyReview.quarter.desc())
        .limit(1)
    )
