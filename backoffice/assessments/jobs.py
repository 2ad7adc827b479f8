"""The yearly reminder: a team whose last completed assessment is older than
ASSESSMENT_REMINDER_DAYS (or that never made one) is asked to assess itself again.

Safe to run any number of times and from two schedulers at once: the mail's dedup key
names the function and the day the reminder fell due, and the outbox keeps one mail
per key. A team with a draft open is not reminded: it is on it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from backoffice.assessments.models import Assessment, AssessmentStatus
from backoffice.auth.models import User
from backoffice.date_formats import show_date
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.i18n import org_day, org_language
from backoffice.links import public_url
from backoffice.mail.outbox import queue_mail
from backoffice.models import utcnow
from backoffice.org.models import Function


def due_day(since: date, today: date, period: timedelta) -> date | None:
    """The latest day a reminder fell due (since + k·period, k ≥ 1), None if none has yet."""
    periods = (today - since) // period
    return since + periods * period if periods >= 1 else None


def _recipients(function: Function, members: dict[int, list[str]]) -> list[str]:
    if function.lead is not None and function.lead.is_active_user:
        return [function.lead.email]
    return members.get(function.id, [])


def remind_assessments(now: datetime | None = None) -> dict[str, int]:
    """Queue the reminders that fell due; returns how many were queued."""
    now = now or utcnow()
    period = timedelta(days=current_app.config["ASSESSMENT_REMINDER_DAYS"])
    last = dict(
        db.session.execute(
            select(Assessment.function_id, func.max(Assessment.completed_dt))
            .where(Assessment.status == AssessmentStatus.COMPLETED)
            .group_by(Assessment.function_id)
        ).all()
    )
    drafting = set(
        db.session.scalars(select(Assessment.draft_of).where(Assessment.draft_of.is_not(None)))
    )
    members: dict[int, list[str]] = {}
    for function_id, email in db.session.execute(
        select(User.function_id, User.email).where(User.is_active_user.is_(True))
    ):
        members.setdefault(function_id, []).append(email)
    queued = 0
    for function in db.session.scalars(
        select(Function).options(joinedload(Function.lead)).where(Function.is_active.is_(True))
    ):
        since = org_day(last.get(function.id) or function.created_dt)
        due = due_day(since, org_day(now), period)
        if due is None or function.id in drafting:
            continue
        with force_locale(org_language()):
            subject = _(
                "Time for your team's self-assessment: %(function)s", function=function.name
            )
            body = _(
                "The last self-assessment of %(function)s was completed on %(day)s, or none was "
                "made yet. Please plan a team session, print the poster and start a new one:",
                function=function.name,
                day=show_date(last[function.id]) if function.id in last else "—",
            )
        link = public_url("assessments.index")
        if queue_mail(_recipients(function, members), subject, f"{body}\n{link}\n",
                      dedup_key=f"assessment-reminder:{function.id}:{due.isoformat()}"):  # fmt: skip
            queued += 1
    db.session.commit()
    return {"queued": queued}
