"""A service's own questions: up to three, written by its lead in English, German and Dutch."""

from __future__ import annotations

from sqlalchemy import select

from backoffice.agreements.models import Service
from backoffice.auth.models import User
from backoffice.errors import Invalid, NotAllowed
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.surveys.models import SurveyQuestion
from backoffice.surveys.rounds import may_manage


def questions_of(service: Service) -> list[SurveyQuestion]:
    return list(
        db.session.scalars(
            select(SurveyQuestion)
            .where(SurveyQuestion.service_id == service.id)
            .order_by(SurveyQuestion.position)
        )
    )


def save_questions(service: Service, texts: list[tuple[str, str, str]], actor: User) -> int:
    """Replace the service's own questions; each needs all three languages, so every
    respondent reads it in their own. Answers already given keep their question."""
    if not may_manage(actor, [service]):
        raise NotAllowed()
    if any(any(languages) and not all(languages) for languages in texts):
        raise Invalid({"questions": _l("Write each question in English, German and Dutch.")})
    current = {q.position: q for q in questions_of(service)}
    kept = 0
    for position, (en, de, nl) in enumerate(texts, 1):
        question = current.get(position)
        if not en:
            if question is not None:
                db.session.delete(question)
            continue
        if question is None:
            question = SurveyQuestion(service_id=service.id, position=position)
            db.session.add(question)
        question.text_en, question.text_de, question.text_nl = en, de, nl
        kept += 1
    db.session.commit()
    return kept
