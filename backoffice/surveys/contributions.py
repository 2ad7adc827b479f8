"""The survey's parts on pages it does not own: My work and the quarterly agenda.

My work lists the open rounds the signed-in person is asked in and has not answered.
The agenda section "What our internal customers say" compares each function with the
round before, the sharpest gaps first, and lists new expectations and the free texts
the coordinator selected; it is plain data, stored with the published agenda.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from backoffice.agreements.models import Service
from backoffice.auth.models import User
from backoffice.extension_points import AgendaPeriod
from backoffice.extensions import db
from backoffice.org.models import Function
from backoffice.surveys.followups import follow_up_label
from backoffice.surveys.models import RoundStatus, SurveyInvitation, SurveyRound, TextKind
from backoffice.surveys.results import function_overall, latest_closed_rounds, texts_by_service

AGENDA_TEXTS = 30  # at most this many expectations and selected texts each


def my_work_panel(user: User) -> dict[str, Any] | None:
    rows = db.session.execute(
        select(SurveyRound.id, SurveyRound.title, SurveyRound.closes_date)
        .join(SurveyInvitation, SurveyInvitation.round_id == SurveyRound.id)
        .where(SurveyInvitation.user_id == user.id, SurveyInvitation.has_answered.is_(False),
               SurveyRound.status == RoundStatus.OPEN)
        .order_by(SurveyRound.closes_date)
    ).all()  # fmt: skip
    if not rows:
        return None
    return {"rounds": [{"id": r.id, "title": r.title, "closes_date": r.closes_date} for r in rows]}


def _num(value: Any) -> float | None:  # noqa: ANN401
    return float(value) if value is not None else None


def _texts(
    round_id: int, kinds: tuple[TextKind, ...], selected: bool, names: dict[int, str]
) -> list[dict]:
    grouped = texts_by_service(
        [round_id], list(names), kinds, selected_only=selected, limit=AGENDA_TEXTS
    )
    return [
        {"service": names[sid], "kind": text.kind.value, "body": text.body,
         "follow_up": follow_up_label(text.follow_up)}
        for sid, texts in grouped.items()
        for text in texts
    ]  # fmt: skip


def agenda_section(period: AgendaPeriod) -> dict[str, Any] | None:
    """Scores and gap per function against the round before, the sharpest gap first."""
    rounds = latest_closed_rounds(before=period.now_dt, count=2)
    if not rounds:
        return None
    latest, previous = rounds[0], rounds[1] if len(rounds) > 1 else None
    now_scores = function_overall(latest.id)
    before = function_overall(previous.id) if previous else {}
    functions = dict(db.session.execute(select(Function.id, Function.name)).all())
    rows = []
    for function_id, scores in now_scores.items():
        last = before.get(function_id, {})
        rows.append({
            "function": functions.get(function_id, ""), "answers": scores["answers"],
            "customers": _num(scores["customers"]), "providers": _num(scores["providers"]),
            "gap": _num(scores["gap"]), "last_customers": _num(last.get("customers")),
            "last_gap": _num(last.get("gap")),
        })  # fmt: skip
    rows.sort(key=lambda r: (-(abs(r["gap"]) if r["gap"] is not None else -1), r["function"]))
    names = dict(db.session.execute(select(Service.id, Service.name)).all())
    return {
        "round": latest.title, "previous_round": previous.title if previous else "",
        "closed_dt": latest.closed_dt, "functions": rows,
        "expectations": _texts(latest.id, (TextKind.EXPECTATION,), False, names),
        "selected": _texts(latest.id, (TextKind.KEEP, TextKind.CHANGE), True, names),
    }  # fmt: skip
