"""The scheduler's survey job: plan the quarter's round, open, remind once, close.

Every step is "on or after" its day, so a run missed while the scheduler was down is
made up by the next one, and every step is claimed in the database: the quarterly
round by its unique quarter, opening/reminding/closing by conditional UPDATEs, each
mail by its outbox dedup key. Two schedulers, or one run twice, change nothing twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import current_app, render_template
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from backoffice.agreements.models import Service
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.i18n import org_day, org_timezone, recipient_language
from backoffice.links import public_url
from backoffice.mail.outbox import queue_mail
from backoffice.meetings.documents import in_language
from backoffice.meetings.models import QuarterlyReview, ReviewStatus
from backoffice.models import utcnow
from backoffice.surveys.closing import close_round
from backoffice.surveys.models import RoundStatus, SurveyInvitation, SurveyRound
from backoffice.surveys.respondents import default_respondents, invite
from backoffice.surveys.tokens import issue_link_token


def round_ends_dt(survey_round: SurveyRound) -> datetime:
    """The end of the closing day in the organisation's zone: links expire then."""
    next_day = datetime.combine(
        survey_round.closes_date + timedelta(days=1), time(), org_timezone()
    )
    return next_day.astimezone(UTC)


def plan_quarterly_rounds(now: datetime) -> list[str]:
    """A round over every active service before each planned review that has none yet."""
    config = current_app.config
    today = org_day(now)
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    reviews = db.session.scalars(
        select(QuarterlyReview).where(
            QuarterlyReview.status == ReviewStatus.PLANNED, QuarterlyReview.starts_at > now
        )
    ).all()
    services = list(db.session.scalars(select(Service).where(Service.is_active.is_(True))))
    planned = []
    for review in reviews:
        review_day = org_day(review.starts_at)
        closes = review_day - timedelta(days=config["SURVEY_CLOSE_DAYS_BEFORE_REVIEW"])
        opens = max(today, review_day - timedelta(days=config["SURVEY_OPEN_DAYS_BEFORE_REVIEW"]))
        if closes < today or not services:
            continue
        round_id = db.session.execute(
            insert(SurveyRound)
            .values(
                title=f"{review.quarter}", quarter=review.quarter, opens_date=opens,
                closes_date=closes, status=RoundStatus.PLANNED.value, version=1,
                created_dt=now, updated_dt=now,
            )
            .on_conflict_do_nothing(index_elements=["quarter"])
            .returning(SurveyRound.id)
        ).scalar()  # fmt: skip
        if round_id is None:
            continue
        survey_round = db.session.get_one(SurveyRound, round_id)
        survey_round.services = services
        invite(survey_round, default_respondents(services))
        planned.append(review.quarter)
    db.session.commit()
    return planned


def _queue_link(invitation: SurveyInvitation, kind: str, subject: str, template: str) -> bool:
    """One mail with a fresh personal link, in the person's language; False if sent before."""
    survey_round = invitation.round
    key = f"survey:{survey_round.id}:{kind}:{invitation.user_id}"
    token = issue_link_token(invitation, round_ends_dt(survey_round))
    with in_language(recipient_language(invitation.user)):
        url = public_url("surveys.answer_by_link", token=token)
        body = render_template(template, survey_round=survey_round, user=invitation.user, url=url)
        queued = queue_mail([invitation.user.email], str(subject), body, dedup_key=key)
    if queued is None:
        db.session.rollback()  # an earlier run mailed this link: keep its secret
    return queued is not None


def open_due_rounds(now: datetime) -> int:
    """Planned rounds whose first day has come are opened (a conditional UPDATE: once)."""
    today = org_day(now)
    opened = db.session.execute(
        update(SurveyRound)
        .where(SurveyRound.status == RoundStatus.PLANNED, SurveyRound.opens_date <= today)
        .values(status=RoundStatus.OPEN, opened_dt=now, version=SurveyRound.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return opened


def send_invitations(now: datetime) -> int:
    """A link to everyone asked in an open round who has had none (added late, too)."""
    pending = db.session.scalars(
        select(SurveyInvitation)
        .join(SurveyRound, SurveyRound.id == SurveyInvitation.round_id)
        .where(SurveyRound.status == RoundStatus.OPEN, SurveyInvitation.token_hash.is_(None),
               SurveyInvitation.has_answered.is_(False))
        .order_by(SurveyInvitation.id)
    ).all()  # fmt: skip
    sent = 0
    for invitation in pending:
        title = invitation.round.title
        subject = _l("Your view, please: survey %(title)s", title=title)
        if _queue_link(invitation, "invite", subject, "surveys/mail/invitation.txt"):
            sent += 1
            db.session.commit()
    return sent


def send_reminders(now: datetime) -> int:
    """Once per round, from SURVEY_REMINDER_DAYS_BEFORE its last day: a new link to those
    who have not answered (the new link replaces the first)."""
    before = timedelta(days=current_app.config["SURVEY_REMINDER_DAYS_BEFORE"])
    today = org_day(now)
    due = db.session.scalars(
        select(SurveyRound.id).where(
            SurveyRound.status == RoundStatus.OPEN, SurveyRound.reminded_dt.is_(None)
        )
    ).all()
    sent = 0
    for round_id in due:
        survey_round = db.session.get_one(SurveyRound, round_id)
        if today < survey_round.closes_date - before:
            continue
        claimed = db.session.execute(
            update(SurveyRound)
            .where(SurveyRound.id == round_id, SurveyRound.reminded_dt.is_(None))
            .values(reminded_dt=now, version=SurveyRound.version + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.commit()
        if not claimed:
            continue
        waiting = db.session.scalars(
            select(SurveyInvitation).where(
                SurveyInvitation.round_id == round_id, SurveyInvitation.has_answered.is_(False)
            )
        ).all()
        for invitation in waiting:
            subject = _l("Reminder: survey %(title)s closes soon", title=invitation.round.title)
            if _queue_link(invitation, "remind", subject, "surveys/mail/reminder.txt"):
                sent += 1
                db.session.commit()
    return sent


def close_due_rounds(now: datetime) -> list[int]:
    today = org_day(now)
    due = db.session.scalars(
        select(SurveyRound.id).where(
            SurveyRound.status == RoundStatus.OPEN, SurveyRound.closes_date < today
        )
    ).all()
    return [round_id for round_id in due if close_round(round_id, now)]


def run_survey_rounds(now: datetime | None = None) -> dict[str, int]:
    """Scheduler job: plan, open, invite, remind and close, each step idempotent."""
    now = now or utcnow()
    planned = plan_quarterly_rounds(now)
    opened = open_due_rounds(now)
    closed = close_due_rounds(now)
    invited = send_invitations(now)
    reminded = send_reminders(now)
    return {"planned": len(planned), "opened": opened, "invited": invited,
            "reminded": reminded, "closed": len(closed)}  # fmt: skip
