"""Closing a round: the aggregates per service, question and side, then the marks go.

Runs in a few statements whatever the number of answers: one GROUP BY for the core,
one for the leads' own questions, one bulk insert, one DELETE of the invitations. The
round is claimed with a conditional UPDATE, so two schedulers (or a scheduler and a
coordinator's click) close it once.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import delete, func, insert, select, update

from backoffice.extensions import db
from backoffice.surveys.models import (
    CORE_QUESTIONS,
    RoundStatus,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResult,
    SurveyRound,
    SurveyScore,
)

CENT = Decimal("0.01")


def _mean(total: int | Decimal, count: int) -> Decimal:
    return (Decimal(total) / Decimal(count)).quantize(CENT, rounding=ROUND_HALF_UP)


def aggregate_rows(round_id: int) -> list[dict]:
    """The round's results: sums and counts computed in SQL, means rounded here."""
    core = db.session.execute(
        select(
            SurveyAnswer.service_id, SurveyAnswer.is_provider, func.count(),
            *(func.sum(getattr(SurveyAnswer, key)) for key in CORE_QUESTIONS),
        )
        .where(SurveyAnswer.round_id == round_id)
        .group_by(SurveyAnswer.service_id, SurveyAnswer.is_provider)
    )  # fmt: skip
    rows = []
    for service_id, is_provider, count, *sums in core:
        for key, total in zip(CORE_QUESTIONS, sums, strict=True):
            rows.append(
                {"round_id": round_id, "service_id": service_id, "question": key,
                 "is_provider": is_provider, "answers": count, "mean": _mean(total, count)}
            )  # fmt: skip
    own = db.session.execute(
        select(
            SurveyAnswer.service_id, SurveyAnswer.is_provider, SurveyScore.question_id,
            func.count(), func.sum(SurveyScore.score),
        )
        .join(SurveyAnswer, SurveyAnswer.id == SurveyScore.answer_id)
        .where(SurveyAnswer.round_id == round_id)
        .group_by(SurveyAnswer.service_id, SurveyAnswer.is_provider, SurveyScore.question_id)
    )  # fmt: skip
    for service_id, is_provider, question_id, count, total in own:
        rows.append(
            {"round_id": round_id, "service_id": service_id, "question": f"q{question_id}",
             "is_provider": is_provider, "answers": count, "mean": _mean(total, count)}
        )  # fmt: skip
    return rows


def close_round(round_id: int, now: datetime) -> bool:
    """Close an open round: aggregates in, answered-marks out. False if it was not open."""
    claimed = db.session.execute(
        update(SurveyRound)
        .where(SurveyRound.id == round_id, SurveyRound.status == RoundStatus.OPEN)
        .values(status=RoundStatus.CLOSED, closed_dt=now, version=SurveyRound.version + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return False
    rows = aggregate_rows(round_id)
    if rows:
        db.session.execute(insert(SurveyResult), rows)
    db.session.execute(delete(SurveyInvitation).where(SurveyInvitation.round_id == round_id))
    db.session.commit()
    db.session.expire_all()
    return True
