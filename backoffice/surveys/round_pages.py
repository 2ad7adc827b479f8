"""What the round pages show: the list, one round with its people and its results.

Counts of answers are shown, never who answered: the round page lists the people asked
(so the coordinator can add or remove someone before it opens), not their marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from backoffice.agreements.models import Service
from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.surveys.models import RoundStatus, SurveyInvitation, SurveyRound, TextKind
from backoffice.surveys.results import service_scores, texts_by_service
from backoffice.surveys.rounds import led_function_ids, may_manage


def round_or_404(round_id: int, user: User) -> SurveyRound:
    """The round, if `user` manages it (a coordinator, or the lead of its services)."""
    survey_round = db.get_or_404(SurveyRound, round_id)
    if not may_manage(user, survey_round.services):
        abort(403)
    return survey_round


def visible_rounds(user: User) -> list[SurveyRound]:
    stmt = select(SurveyRound).options(selectinload(SurveyRound.services))
    rounds = db.session.scalars(stmt.order_by(SurveyRound.opens_date.desc(), SurveyRound.id.desc()))
    if user.is_coordinator:
        return list(rounds)
    led = led_function_ids(user)
    return [
        r for r in rounds if r.services and all(s.provider_function_id in led for s in r.services)
    ]


def service_choices(user: User) -> list[tuple[int, str]]:
    stmt = select(Service).where(Service.is_active.is_(True)).order_by(Service.name)
    if not user.is_coordinator:
        stmt = stmt.where(Service.provider_function_id.in_(led_function_ids(user) or {0}))
    return [(s.id, f"{s.name} ({s.provider.name})") for s in db.session.scalars(stmt)]


@dataclass
class RoundPage:
    survey_round: SurveyRound
    asked: list[tuple[int, User]]  # invitation id, person
    answered: int
    scores: dict[int, Any]
    texts: dict[int, list]


def round_page(survey_round: SurveyRound) -> RoundPage:
    invitations = db.session.execute(
        select(SurveyInvitation.id, User)
        .join(User, User.id == SurveyInvitation.user_id)
        .where(SurveyInvitation.round_id == survey_round.id)
        .order_by(User.name)
    ).all()
    answered = db.session.scalar(
        select(func.count()).where(
            SurveyInvitation.round_id == survey_round.id, SurveyInvitation.has_answered.is_(True)
        )
    )
    scores, texts = {}, {}
    if survey_round.status == RoundStatus.CLOSED:
        ids = [s.id for s in survey_round.services]
        scores = {sid: [r for r in rounds if r.round_id == survey_round.id]
                  for sid, rounds in service_scores(ids, rounds=50).items()}  # fmt: skip
        texts = texts_by_service([survey_round.id], ids, tuple(TextKind))
    return RoundPage(
        survey_round, [tuple(row) for row in invitations], answered or 0, scores, texts
    )
