"""What a closed round says: scores per service and question, the gap, the free texts.

Everything is read from the aggregates stored at closing (`SurveyResult`), so a page
costs the same with fifty answers or five thousand. The anonymity threshold lives here
and only here: a side (customers, or the providers' self-image) with fewer than
SURVEY_MIN_ANSWERS answers shows no figure and no text; its count alone is shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import func, select

from backoffice.agreements.models import Service
from backoffice.extensions import db
from backoffice.surveys.answers import QUESTION_LABELS
from backoffice.surveys.models import (
    CORE_QUESTIONS,
    RoundStatus,
    SurveyQuestion,
    SurveyResult,
    SurveyRound,
    SurveyText,
    TextKind,
)

ROUNDS_SHOWN = 4  # the latest round and up to three faded behind it


def min_answers() -> int:
    return current_app.config["SURVEY_MIN_ANSWERS"]


@dataclass
class QuestionRow:
    key: str
    label: str
    customers: Decimal | None = None
    providers: Decimal | None = None

    @property
    def gap(self) -> Decimal | None:
        """Self minus customers: above zero the function thinks better of itself."""
        if self.customers is None or self.providers is None:
            return None
        return self.providers - self.customers


@dataclass
class RoundScores:
    round_id: int
    title: str
    closed_dt: datetime | None
    customer_answers: int = 0
    provider_answers: int = 0
    rows: dict[str, QuestionRow] = field(default_factory=dict)

    @property
    def enough(self) -> bool:
        return self.customer_answers >= min_answers()

    @property
    def overall(self) -> QuestionRow | None:
        return self.rows.get("overall")

    @property
    def questions(self) -> list[QuestionRow]:
        return list(self.rows.values())


def question_labels(keys: set[str]) -> dict[str, str]:
    """Labels of the core and of the leads' own questions (`q<id>`) in the reader's language."""
    labels = {key: str(label) for key, label in QUESTION_LABELS.items()}
    own_ids = [int(k[1:]) for k in keys if k.startswith("q") and k[1:].isdigit()]
    if own_ids:
        locale = str(get_locale() or "en")
        for question in db.session.scalars(
            select(SurveyQuestion).where(SurveyQuestion.id.in_(own_ids))
        ):
            labels[f"q{question.id}"] = question.text(locale)
    return labels


def service_scores(
    service_ids: list[int], rounds: int = ROUNDS_SHOWN
) -> dict[int, list[RoundScores]]:
    """service id → its latest closed rounds, newest first, with the threshold applied."""
    if not service_ids:
        return {}
    rows = db.session.execute(
        select(
            SurveyResult.round_id, SurveyResult.service_id, SurveyResult.question,
            SurveyResult.is_provider, SurveyResult.answers, SurveyResult.mean,
            SurveyRound.title, SurveyRound.closed_dt,
        )
        .join(SurveyRound, SurveyRound.id == SurveyResult.round_id)
        .where(SurveyResult.service_id.in_(service_ids), SurveyRound.status == RoundStatus.CLOSED)
        .order_by(SurveyRound.closed_dt.desc(), SurveyRound.id.desc(), SurveyResult.id)
    ).all()  # fmt: skip
    labels = question_labels({r.question for r in rows})
    order = {key: n for n, key in enumerate(CORE_QUESTIONS)}
    found: dict[int, dict[int, RoundScores]] = defaultdict(dict)
    threshold = min_answers()
    for r in rows:
        by_round = found[r.service_id]
        if r.round_id not in by_round:
            if len(by_round) >= rounds:
                continue
            by_round[r.round_id] = RoundScores(r.round_id, r.title, r.closed_dt)
        scores = by_round[r.round_id]
        row = scores.rows.get(r.question)
        if row is None:
            row = scores.rows[r.question] = QuestionRow(r.question, labels.get(r.question, ""))
        shown = r.answers >= threshold
        if r.is_provider:
            scores.provider_answers = max(scores.provider_answers, r.answers)
            row.providers = r.mean if shown else None
        else:
            scores.customer_answers = max(scores.customer_answers, r.answers)
            row.customers = r.mean if shown else None
    for by_round in found.values():
        for scores in by_round.values():
            scores.rows = dict(sorted(scores.rows.items(), key=lambda kv: order.get(kv[0], 99)))
    return {sid: list(found[sid].values()) for sid in service_ids}


def _enough(round_ids: list[int]) -> Any:  # noqa: ANN401
    """(round, service) pairs whose customers reached the threshold, as a subquery."""
    return (
        select(SurveyResult.round_id, SurveyResult.service_id)
        .where(
            SurveyResult.round_id.in_(round_ids), SurveyResult.question == "overall",
            SurveyResult.is_provider.is_(False), SurveyResult.answers >= min_answers(),
        )
        .subquery()
    )  # fmt: skip


def texts_by_service(round_ids: list[int], service_ids: list[int], kinds: tuple[TextKind, ...],
                     selected_only: bool = False, limit: int | None = None) -> dict[int, list[SurveyText]]:  # fmt: skip
    """Free texts of closed rounds, in their random order, only for services whose
    customers reached the threshold in that round."""
    if not round_ids or not service_ids:
        return {}
    enough = _enough(round_ids)
    stmt = (
        select(SurveyText)
        .join(enough, (enough.c.round_id == SurveyText.round_id) & (enough.c.service_id == SurveyText.service_id))
        .where(SurveyText.service_id.in_(service_ids), SurveyText.kind.in_(kinds))
        .order_by(SurveyText.service_id, SurveyText.sort_key)
    )  # fmt: skip
    if selected_only:
        stmt = stmt.where(SurveyText.is_selected.is_(True))
    if limit:
        stmt = stmt.limit(limit)
    grouped: dict[int, list[SurveyText]] = defaultdict(list)
    for text in db.session.scalars(stmt):
        grouped[text.service_id].append(text)
    return grouped


@dataclass(frozen=True)
class GroupedText:
    body: str
    count: int
    follow_up: str


def grouped_texts(round_ids: list[int], service_ids: list[int], kind: TextKind,
                  per_service: int) -> dict[int, list[GroupedText]]:  # fmt: skip
    """The same texts counted together, most frequent first, at most `per_service` each;
    again only where the customers reached the threshold in that round."""
    if not round_ids or not service_ids:
        return {}
    enough = _enough(round_ids)
    rows = db.session.execute(
        select(SurveyText.service_id, SurveyText.body, func.count(), func.max(SurveyText.follow_up))
        .join(enough, (enough.c.round_id == SurveyText.round_id) & (enough.c.service_id == SurveyText.service_id))
        .where(SurveyText.service_id.in_(service_ids), SurveyText.kind == kind)
        .group_by(SurveyText.service_id, SurveyText.body)
        .order_by(SurveyText.service_id, func.count().desc(), SurveyText.body)
    )  # fmt: skip
    grouped: dict[int, list[GroupedText]] = defaultdict(list)
    for service_id, body, count, follow_up in rows:
        if len(grouped[service_id]) < per_service:
            grouped[service_id].append(GroupedText(body, count, follow_up or ""))
    return grouped


def latest_closed_rounds(before: datetime | None = None, count: int = 2) -> list[SurveyRound]:
    stmt = select(SurveyRound).where(SurveyRound.status == RoundStatus.CLOSED)
    if before is not None:
        stmt = stmt.where(SurveyRound.closed_dt <= before)
    return list(db.session.scalars(stmt.order_by(SurveyRound.closed_dt.desc()).limit(count)))


def weighted(pairs: list[tuple[Decimal, int]]) -> Decimal | None:
    """The answer-weighted mean of several services' means."""
    total = sum(n for _m, n in pairs)
    if not total:
        return None
    return (sum(m * n for m, n in pairs) / total).quantize(Decimal("0.01"))


def function_overall(round_id: int) -> dict[int, dict[str, Any]]:
    """provider function id → overall satisfaction of customers and self in one round."""
    rows = db.session.execute(
        select(Service.provider_function_id, SurveyResult.is_provider, SurveyResult.mean, SurveyResult.answers)
        .join(Service, Service.id == SurveyResult.service_id)
        .where(SurveyResult.round_id == round_id, SurveyResult.question == "overall",
               SurveyResult.answers >= min_answers())
    )  # fmt: skip
    sides: dict[int, dict[bool, list]] = defaultdict(lambda: {True: [], False: []})
    for function_id, is_provider, mean, answers in rows:
        sides[function_id][is_provider].append((mean, answers))
    result = {}
    for function_id, by_side in sides.items():
        customers, providers = weighted(by_side[False]), weighted(by_side[True])
        gap = providers - customers if customers is not None and providers is not None else None
        result[function_id] = {"customers": customers, "providers": providers, "gap": gap,
                               "answers": sum(n for _m, n in by_side[False])}  # fmt: skip
    return result
