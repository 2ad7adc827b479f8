"""The survey form and storing an answer without any link to the person who gave it.

The form is built per invitation: a block per service the person is asked about (the
customers' wording, or "how would your customers rate us?" for its providers), the five
core questions on a labelled 1–5 scale, the lead's own questions, two free texts and the
expectation. Storing first takes the "has answered" mark with a conditional UPDATE, so
two tabs posting at once store one answer, then writes rows that name only the round
and the service.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy import select, update
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from backoffice.errors import Invalid
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.surveys.models import (
    CORE_QUESTIONS,
    SCALE,
    TEXT_MAX_LENGTH,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyScore,
    SurveyText,
    TextKind,
)
from backoffice.surveys.respondents import Asked
from backoffice.surveys.tokens import LinkState, invitation_state

QUESTION_LABELS = {
    "overall": _l("Overall satisfaction"),
    "reliability": _l("Reliability: delivers what was agreed"),
    "speed": _l("Speed"),
    "communication": _l("Communication: tells us early when something goes wrong"),
    "understanding": _l("Understanding: knows what we need it for"),
}
SCALE_LABELS = {
    1: _l("very poor"),
    2: _l("poor"),
    3: _l("fair"),
    4: _l("good"),
    5: _l("very good"),
}
TEXT_LABELS = {
    TextKind.KEEP: _l("Keep doing"),
    TextKind.CHANGE: _l("Please change"),
    TextKind.EXPECTATION: _l("What do you need from this service, by when, and why?"),
}


class OnTheScale:
    """A 1–5 answer: anything else (a forged post) is refused at its field."""

    def __call__(self, form: Any, field: Any) -> None:  # noqa: ANN401
        if str(field.data) not in {str(n) for n in SCALE}:
            raise ValidationError(str(_l("Choose a value from 1 to 5.")))


def scale_field(label: Any) -> RadioField:  # noqa: ANN401
    return RadioField(
        label,
        choices=[(str(n), f"{n} – {SCALE_LABELS[n]}") for n in SCALE],
        validators=[InputRequired(_l("Please answer this question.")), OnTheScale()],
        validate_choice=False,
    )


def text_field(label: Any) -> TextAreaField:  # noqa: ANN401
    too_long = _l("At most %(max)d characters, please.", max=TEXT_MAX_LENGTH)
    return TextAreaField(
        label, validators=[Optional(), Length(max=TEXT_MAX_LENGTH, message=too_long)]
    )


def field_name(service_id: int, key: str) -> str:
    return f"s{service_id}_{key}"


@dataclass
class FormBlock:
    """One service's part of the form, for the template."""

    asked: Asked
    scales: list[str] = field(default_factory=list)  # field names
    texts: list[str] = field(default_factory=list)


def own_questions(service_ids: list[int]) -> dict[int, list[SurveyQuestion]]:
    by_service: dict[int, list[SurveyQuestion]] = {sid: [] for sid in service_ids}
    rows = db.session.scalars(
        select(SurveyQuestion)
        .where(SurveyQuestion.service_id.in_(service_ids))
        .order_by(SurveyQuestion.position)
    )
    for question in rows:
        by_service[question.service_id].append(question)
    return by_service


def answer_form(asked: list[Asked], locale: str) -> tuple[FlaskForm, list[FormBlock]]:
    """A form class made for these services, and its blocks in the order shown."""

    class AnswerForm(FlaskForm):
        pass

    questions = own_questions([a.service.id for a in asked])
    blocks = []
    for item in asked:
        block = FormBlock(item)
        sid = item.service.id
        for key in CORE_QUESTIONS:
            setattr(AnswerForm, field_name(sid, key), scale_field(QUESTION_LABELS[key]))
            block.scales.append(field_name(sid, key))
        for question in questions[sid]:
            setattr(
                AnswerForm, field_name(sid, f"q{question.id}"), scale_field(question.text(locale))
            )
            block.scales.append(field_name(sid, f"q{question.id}"))
        for kind in () if item.is_provider else TextKind:  # the self-image: scores only
            setattr(AnswerForm, field_name(sid, kind.value), text_field(TEXT_LABELS[kind]))
            block.texts.append(field_name(sid, kind.value))
        blocks.append(block)
    return AnswerForm(), blocks


@dataclass(frozen=True)
class ServiceAnswer:
    service_id: int
    is_provider: bool
    core: dict[str, int]
    own: dict[int, int]  # question id → score
    texts: dict[TextKind, str]


def read_answers(form: FlaskForm, blocks: list[FormBlock]) -> list[ServiceAnswer]:
    """The form's data as the service stores it (a form that passed validation)."""
    answers = []
    for block in blocks:
        sid = block.asked.service.id

        def value(key: str, sid: int = sid) -> Any:  # noqa: ANN401
            return getattr(form, field_name(sid, key)).data

        own = {}
        for name in block.scales:
            key = name.split("_", 1)[1]
            if key.startswith("q"):
                own[int(key[1:])] = int(value(key))
        answers.append(
            ServiceAnswer(
                service_id=sid,
                is_provider=block.asked.is_provider,
                core={key: int(value(key)) for key in CORE_QUESTIONS},
                own=own,
                texts={
                    kind: (value(kind.value) or "").strip()
                    for kind in TextKind
                    if field_name(sid, kind.value) in block.texts
                },
            )
        )
    return answers


REFUSALS = {
    LinkState.USED: _l("You have answered this survey already. Thank you!"),
    LinkState.EXPIRED: _l("This survey link has expired."),
    LinkState.CLOSED: _l("This survey round is closed; answers are no longer taken."),
    LinkState.NOT_OPEN: _l("This survey round has not opened yet."),
}


def submit_answers(
    invitation: SurveyInvitation, answers: list[ServiceAnswer], now: datetime
) -> int:
    """Store the answers anonymously and use up the invitation; returns the answers stored."""
    state = invitation_state(invitation, now).state
    if state != LinkState.VALID:
        raise Invalid({"": REFUSALS.get(state, REFUSALS[LinkState.CLOSED])})
    for answer in answers:
        if any(score not in SCALE for score in [*answer.core.values(), *answer.own.values()]):
            raise Invalid(
                {field_name(answer.service_id, "overall"): _l("Choose a value from 1 to 5.")}
            )
    taken = db.session.execute(
        update(SurveyInvitation)
        .where(SurveyInvitation.id == invitation.id, SurveyInvitation.has_answered.is_(False))
        .values(has_answered=True)
    )
    if taken.rowcount != 1:  # another tab or click got there first
        raise Invalid({"": REFUSALS[LinkState.USED]})
    for answer in answers:
        row = SurveyAnswer(
            round_id=invitation.round_id, service_id=answer.service_id,
            is_provider=answer.is_provider, **answer.core,
        )  # fmt: skip
        db.session.add(row)
        db.session.flush()
        for question_id, score in answer.own.items():
            db.session.add(SurveyScore(answer_id=row.id, question_id=question_id, score=score))
        for kind, body in answer.texts.items():
            if body:
                db.session.add(
                    SurveyText(
                        round_id=invitation.round_id, service_id=answer.service_id, kind=kind,
                        body=body, sort_key=secrets.randbelow(2**31),
                    )
                )  # fmt: skip
    db.session.commit()
    return len(answers)
