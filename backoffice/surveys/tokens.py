"""The personal survey link: signed, single-use, expiring, and stored only as a hash.

The link carries `[round id, invitation id, nonce]`, signed with the app's secret
(itsdangerous), so a guessed or altered link fails before the database is asked. The
database keeps only the SHA-256 of the nonce: whoever reads the table cannot rebuild
a link. A new link (the reminder) leaves the one before it working, so whoever has the
form open from the first mail loses nothing; one answer uses up both.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

from backoffice.extensions import db
from backoffice.surveys.models import RoundStatus, SurveyInvitation, SurveyRound

SALT = "survey-link"


class LinkState(enum.StrEnum):
    VALID = "valid"
    UNKNOWN = "unknown"  # not ours, altered, or replaced by a newer link
    EXPIRED = "expired"
    USED = "used"
    CLOSED = "closed"
    NOT_OPEN = "not_open"


@dataclass(frozen=True)
class LinkCheck:
    state: LinkState
    invitation: SurveyInvitation | None = None
    round: SurveyRound | None = None


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def nonce_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def issue_link_token(invitation: SurveyInvitation, expires_dt: datetime) -> str:
    """A new secret for `invitation` (the caller commits); the link before it stays valid,
    any older one stops working."""
    nonce = secrets.token_urlsafe(24)
    invitation.previous_token_hash = invitation.token_hash
    invitation.token_hash = nonce_hash(nonce)
    invitation.expires_dt = expires_dt
    return _serializer().dumps([invitation.round_id, invitation.id, nonce])


def check_link_token(token: str, now: datetime) -> LinkCheck:
    """What a link is worth right now; never raises for a bad or old link."""
    try:
        round_id, invitation_id, nonce = _serializer().loads(token)
        round_id, invitation_id, nonce = int(round_id), int(invitation_id), str(nonce)
    except (BadData, TypeError, ValueError):
        return LinkCheck(LinkState.UNKNOWN)
    if not (0 < round_id < 2**31 and 0 < invitation_id < 2**31):
        return LinkCheck(LinkState.UNKNOWN)
    survey_round = db.session.get(SurveyRound, round_id)
    if survey_round is None:
        return LinkCheck(LinkState.UNKNOWN)
    if survey_round.status == RoundStatus.CLOSED:
        return LinkCheck(LinkState.CLOSED, round=survey_round)
    invitation = db.session.get(SurveyInvitation, invitation_id)
    stored = (invitation.token_hash, invitation.previous_token_hash) if invitation else ()
    given = nonce_hash(nonce)
    if not any(h is not None and hmac.compare_digest(h, given) for h in stored):
        return LinkCheck(LinkState.UNKNOWN, round=survey_round)
    return invitation_state(invitation, now)


def invitation_state(invitation: SurveyInvitation, now: datetime) -> LinkCheck:
    """Whether `invitation` may answer now (the link's and My work's one rule)."""
    survey_round = invitation.round
    if survey_round.status == RoundStatus.CLOSED:
        return LinkCheck(LinkState.CLOSED, invitation, survey_round)
    if survey_round.status != RoundStatus.OPEN:
        return LinkCheck(LinkState.NOT_OPEN, invitation, survey_round)
    if invitation.has_answered:
        return LinkCheck(LinkState.USED, invitation, survey_round)
    if invitation.expires_dt is not None and invitation.expires_dt <= now:
        return LinkCheck(LinkState.EXPIRED, invitation, survey_round)
    return LinkCheck(LinkState.VALID, invitation, survey_round)
