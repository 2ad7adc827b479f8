"""Answering: through the personal link without signing in, or signed in from My work."""

from __future__ import annotations

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import select

from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.surveys.answer_page import answer_page, link_page
from backoffice.surveys.models import SurveyInvitation, SurveyRound
from backoffice.surveys.tokens import LinkState, check_link_token, invitation_state


def answer_by_link(token: str):  # noqa: ANN201
    return answer_page(check_link_token(token, utcnow()))


@login_required
def answer_signed_in(round_id: int):  # noqa: ANN201
    survey_round = db.get_or_404(SurveyRound, round_id)
    invitation = db.session.scalar(
        select(SurveyInvitation).where(
            SurveyInvitation.round_id == survey_round.id,
            SurveyInvitation.user_id == current_user.id,
        )
    )
    if invitation is None:
        return link_page(LinkState.CLOSED) if survey_round.closed_dt else abort(404)
    return answer_page(invitation_state(invitation, utcnow()))
