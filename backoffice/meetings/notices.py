"""Invitations (.ics), updates, cancellations, reminders and minutes, all through the outbox.

Each mail has a dedup key naming the review, the kind, the iCalendar sequence
and the recipient, so a job run twice, or a change saved twice, queues nothing
new. The PDF is rendered only when some mail is actually still to be queued.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

import icalendar
from flask import current_app, render_template
from sqlalchemy import select

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.i18n import lazy_gettext as _l
from backoffice.i18n import org_timezone, recipient_language
from backoffice.links import public_url
from backoffice.mail.models import OutboxMessage
from backoffice.mail.outbox import MailAttachment, queue_mail
from backoffice.meetings.attendees import add_default_attendees, attendee_users
from backoffice.meetings.documents import agenda_filename, agenda_pdf, in_language, minutes_pdf
from backoffice.meetings.models import QuarterlyReview, ReviewStatus
from backoffice.models import utcnow


def _domain() -> str:
    return current_app.config["MAIL_DEFAULT_SENDER"].rpartition("@")[2] or "localhost"


def review_url(review: QuarterlyReview) -> str:
    return public_url("meetings.detail", quarter=review.quarter)


def build_ics(
    review: QuarterlyReview,
    attendees: Iterable[User],
    method: str = "REQUEST",
    locale: str | None = None,
) -> str:
    """One VEVENT whose UID never changes for the review, so calendars update it in place."""
    tz = org_timezone()
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Backoffice handoff tracker//quarterly review//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", f"review-{review.quarter}@{_domain()}")
    event.add("sequence", review.sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", review.starts_at.astimezone(tz))
    event.add("dtend", review.ends_at.astimezone(tz))
    with in_language(locale):
        event.add("summary", _("Quarterly review %(quarter)s", quarter=review.quarter))
        event.add("description", _("Agenda: %(url)s", url=review_url(review)))
    # A review planned before REVIEW_LOCATION was set has no place of its own: the setting's.
    place = review.location or current_app.config["REVIEW_LOCATION"]
    location = ", ".join(part for part in (place, review.video_url) if part)
    if location:
        event.add("location", location)
    event.add("url", review_url(review))
    cancelled = method == "CANCEL" or review.status == ReviewStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", f"mailto:{sender}")
    for user in attendees:
        attendee = icalendar.vCalAddress(f"mailto:{user.email}")
        attendee.params["cn"] = user.name
        attendee.params["role"] = "REQ-PARTICIPANT"
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


def _already_queued(keys: list[str]) -> set[str]:
    if not keys:
        return set()
    return set(
        db.session.scalars(select(OutboxMessage.dedup_key).where(OutboxMessage.dedup_key.in_(keys)))
    )


def _queue_each(users: list[User], key_prefix: str, make: Callable[[str], dict]) -> int:
    """Queue one mail per user whose key (`key_prefix:user id`) is new, in the user's
    language; `make(locale)` (text, PDF, ics) runs once per language, and only for a
    language in which some mail is still to be queued."""
    keys = {user.id: f"{key_prefix}:{user.id}" for user in users}
    done = _already_queued(list(keys.values()))
    by_language: dict[str, list[User]] = {}
    for user in users:
        if keys[user.id] not in done:
            by_language.setdefault(recipient_language(user), []).append(user)
    queued = 0
    for locale, pending in sorted(by_language.items()):
        parts = make(locale)
        for user in pending:
            if queue_mail([user.email], dedup_key=keys[user.id], **parts) is not None:
                queued += 1
    return queued


def _agenda_attachment(review: QuarterlyReview, now: datetime, locale: str) -> MailAttachment:
    pdf = agenda_pdf(review, now, locale=locale)
    return MailAttachment(agenda_filename(review), "application/pdf", pdf)


def _message(
    review: QuarterlyReview, locale: str, subject: str, template: str, **context: object
) -> dict:
    """Subject and text of a review mail, both in the recipient's language."""
    with in_language(locale):
        body = render_template(template, review=review, url=review_url(review), **context)
        return {"subject": str(subject), "body_text": body}


def _invited_before(review: QuarterlyReview) -> set[int]:
    """The users an invitation of this review was ever queued for (at any sequence)."""
    keys = db.session.scalars(
        select(OutboxMessage.dedup_key).where(
            OutboxMessage.dedup_key.like(f"review:{review.quarter}:invite:%")
        )
    )
    return {int(key.rsplit(":", 1)[1]) for key in keys}


def queue_invitations(review: QuarterlyReview, now: datetime) -> int:
    """Invite (or update) every attendee at the current sequence; caller commits.

    "Updated" goes only to those invited before: the first mail anyone gets about a
    review is an invitation, however often it was edited before invitations went out.
    """
    users = attendee_users(review)
    invited = _invited_before(review)

    def make(updated: bool) -> Callable[[str], dict]:
        subject = (
            _l("Updated: quarterly review %(quarter)s", quarter=review.quarter)
            if updated
            else _l("Invitation: quarterly review %(quarter)s", quarter=review.quarter)
        )
        return lambda locale: {
            **_message(review, locale, subject, "meetings/mail/invitation.txt", updated=updated),
            "attachments": [_agenda_attachment(review, now, locale)],
            "ics": build_ics(review, users, "REQUEST", locale),
            "ics_method": "REQUEST",
        }

    review.invited_dt = review.invited_dt or now
    key_prefix = f"review:{review.quarter}:invite:{review.sequence}"
    first = [u for u in users if u.id not in invited]
    again = [u for u in users if u.id in invited]
    return _queue_each(first, key_prefix, make(False)) + _queue_each(again, key_prefix, make(True))


def queue_cancellations(review: QuarterlyReview, user_ids: set[int] | None, now: datetime) -> int:
    """METHOD:CANCEL to the given users (removed attendees), or to all when `user_ids` is None."""
    if user_ids is None:
        users = attendee_users(review)
    else:
        users = (
            list(db.session.scalars(select(User).where(User.id.in_(user_ids)))) if user_ids else []
        )
    subject = _l("Cancelled: quarterly review %(quarter)s", quarter=review.quarter)

    def make(locale: str) -> dict:
        return {
            **_message(review, locale, subject, "meetings/mail/cancellation.txt"),
            "ics": build_ics(review, users, "CANCEL", locale),
            "ics_method": "CANCEL",
        }

    return _queue_each(users, f"review:{review.quarter}:cancel:{review.sequence}", make)


def queue_reminders(review: QuarterlyReview, now: datetime) -> int:
    subject = _l("Reminder: quarterly review %(quarter)s", quarter=review.quarter)

    def make(locale: str) -> dict:
        return {
            **_message(review, locale, subject, "meetings/mail/reminder.txt"),
            "attachments": [_agenda_attachment(review, now, locale)],
        }

    key_prefix = f"review:{review.quarter}:reminder:{review.sequence}"
    return _queue_each(attendee_users(review), key_prefix, make)


def queue_minutes(review: QuarterlyReview, now: datetime) -> int:
    subject = _l("Minutes: quarterly review %(quarter)s", quarter=review.quarter)

    def make(locale: str) -> dict:
        pdf = minutes_pdf(review, locale)
        name = f"minutes-{review.quarter}.pdf"
        return {
            **_message(review, locale, subject, "meetings/mail/minutes.txt"),
            "attachments": [MailAttachment(name, "application/pdf", pdf)],
        }

    return _queue_each(attendee_users(review), f"review:{review.quarter}:minutes", make)


def send_review_notices(now: datetime | None = None) -> dict[str, int]:
    """Scheduler job: invitations from INVITE_DAYS_BEFORE, reminders from REMINDER_DAYS_BEFORE.

    Thresholds are "on or after", not "exactly at", so a run missed while the
    scheduler was down is made up by the next one; the dedup keys stop repeats.
    """
    now = now or utcnow()
    config = current_app.config
    invite_from = timedelta(days=config["INVITE_DAYS_BEFORE"])
    remind_from = timedelta(days=config["REMINDER_DAYS_BEFORE"])
    counts = {"invitations": 0, "reminders": 0}
    reviews = db.session.scalars(
        select(QuarterlyReview).where(
            QuarterlyReview.status == ReviewStatus.PLANNED, QuarterlyReview.starts_at > now
        )
    ).all()
    for review in reviews:
        if now >= review.starts_at - invite_from:
            if review.invited_dt is None:
                add_default_attendees(review)  # owners with open tickets as of now
            counts["invitations"] += queue_invitations(review, now)
        if now >= review.starts_at - remind_from:
            counts["reminders"] += queue_reminders(review, now)
        db.session.commit()
    return counts
