"""What becomes of a customer's expectation: an action item on the next review, or a
proposed change of the service's agreement, put before the review in the agenda section.

The text stays anonymous; the follow-up is written on it (`SurveyText.follow_up`) so
the round page, the profile and the agenda show it was taken up, and how.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import select

from backoffice.agreements.models import Service
from backoffice.auth.models import User
from backoffice.errors import Invalid
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.i18n import lazy_gettext as _l
from backoffice.meetings.models import ActionItem, QuarterlyReview, ReviewStatus
from backoffice.surveys.models import SurveyRound, SurveyText
from backoffice.surveys.rounds import note_follow_up, require_expectation, require_manager

TITLE_MAX = 300


class FollowUp(enum.StrEnum):
    ACTION = "action"
    PROPOSAL = "proposal"


def next_review(now: datetime) -> QuarterlyReview | None:
    return db.session.scalar(
        select(QuarterlyReview)
        .where(QuarterlyReview.status == ReviewStatus.PLANNED, QuarterlyReview.starts_at > now)
        .order_by(QuarterlyReview.starts_at)
        .limit(1)
    )


def follow_up(text: SurveyText, kind: FollowUp, actor: User, now: datetime) -> str:
    """Turn an expectation into an action item (owned by the providing function's lead)
    or a proposed agreement change; returns the note written on it (`kind:quarter`)."""
    require_manager(actor, db.session.get_one(SurveyRound, text.round_id))
    require_expectation(text)
    if text.follow_up:
        raise Invalid({"": _l("This expectation has been followed up already.")})
    service = db.session.get_one(Service, text.service_id)
    if kind == FollowUp.ACTION:
        review = next_review(now)
        if review is None:
            raise Invalid({"": _l("No review is planned to take the action item.")})
        title = f"{service.name}: {text.body}"
        if len(title) > TITLE_MAX:
            title = title[: TITLE_MAX - 1] + "…"
        db.session.add(
            ActionItem(review_id=review.id, title=title, owner_id=service.provider.lead_id)
        )
        note = f"{kind.value}:{review.quarter}"
    else:
        note = f"{kind.value}:"
    note_follow_up(text, note, actor)
    db.session.commit()
    return note


def follow_up_label(note: str) -> str:
    """What a stored follow-up means, in the reader's language ("" for none)."""
    kind, _sep, quarter = note.partition(":")
    if kind == FollowUp.ACTION:
        return _("Action item for the review %(quarter)s", quarter=quarter)
    if kind == FollowUp.PROPOSAL:
        return _("Proposed change of the agreement")
    return ""
