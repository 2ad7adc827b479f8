"""Survey rounds, who is asked, the anonymous answers and the function's service profile.

Anonymity is built into the tables, not promised by the pages:

- `SurveyInvitation` knows a person and a round (to send the link and stop a second
  answer) but nothing of what they answered; it holds no time of answering, and every
  invitation of a round is deleted when the round closes.
- `SurveyAnswer`, `SurveyScore` and `SurveyText` know a round and a service, never a
  person or an invitation; they carry no time either, so an answer cannot be matched to
  an invitation by when it came in. Free texts get a random `sort_key` for their order.

`tests/test_survey_anonymity.py` walks the metadata to prove no answer table leads to users.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.auth.models import enum_column
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.models import TimestampMixin, UTCDateTime

if TYPE_CHECKING:
    from backoffice.agreements.models import Service
    from backoffice.auth.models import User
    from backoffice.org.models import Function

# The core every service is asked about, each on a labelled 1–5 scale; the order is the form's.
CORE_QUESTIONS = ("overall", "reliability", "speed", "communication", "understanding")
SCALE = (1, 2, 3, 4, 5)
MAX_OWN_QUESTIONS = 3
TEXT_MAX_LENGTH = 2000


class RoundStatus(enum.StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return str(ROUND_STATUS_LABELS[self])


ROUND_STATUS_LABELS = {
    RoundStatus.PLANNED: _l("Planned"),
    RoundStatus.OPEN: _l("Open"),
    RoundStatus.CLOSED: _l("Closed"),
}


class TextKind(enum.StrEnum):
    KEEP = "keep"
    CHANGE = "change"
    EXPECTATION = "expectation"

    @property
    def label(self) -> str:
        return str(TEXT_KIND_LABELS[self])


TEXT_KIND_LABELS = {
    TextKind.KEEP: _l("Keep doing"),
    TextKind.CHANGE: _l("Please change"),
    TextKind.EXPECTATION: _l("Expectation"),
}

survey_round_services = Table(
    "survey_round_services",
    db.Model.metadata,
    Column("round_id", ForeignKey("survey_rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)


class SurveyRound(TimestampMixin, db.Model):
    """One round of asking: the services it covers, when it opens, reminds once and closes.

    `quarter` is set for the round the scheduler plans before a review (unique, so the
    job can run any number of times); rounds planned by hand have none.
    """

    __tablename__ = "survey_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    quarter: Mapped[str | None] = mapped_column(String(7), unique=True)
    opens_date: Mapped[date] = mapped_column(Date)
    closes_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[RoundStatus] = mapped_column(
        enum_column(RoundStatus), default=RoundStatus.PLANNED, index=True
    )
    opened_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    planned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    services: Mapped[list[Service]] = relationship(
        secondary=survey_round_services, order_by="Service.name"
    )
    planned_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class SurveyInvitation(db.Model):
    """A person asked in a round, and the "has answered" mark; deleted when the round closes.

    The link's secret is kept only as its SHA-256 (`token_hash`); the reminder's new link
    keeps the first one working (`previous_token_hash`), since the person may have the form
    open from it. Either link is used up by the one answer. Whom a person is asked
    about follows from their function (`respondents.services_for`); a person the
    coordinator added by hand (`added_by_hand`) is asked about every service of the round.
    """

    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("round_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    added_by_hand: Mapped[bool] = mapped_column(Boolean, default=False)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    previous_token_hash: Mapped[str | None] = mapped_column(String(64))
    expires_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    has_answered: Mapped[bool] = mapped_column(Boolean, default=False)

    round: Mapped[SurveyRound] = relationship()
    user: Mapped[User] = relationship()


class SurveyQuestion(TimestampMixin, db.Model):
    """One of at most three questions a service's lead adds, on the same 1–5 scale."""

    __tablename__ = "survey_questions"
    __table_args__ = (UniqueConstraint("service_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(SmallInteger)
    text_en: Mapped[str] = mapped_column(String(300))
    text_de: Mapped[str] = mapped_column(String(300))
    text_nl: Mapped[str] = mapped_column(String(300))

    def text(self, locale: str) -> str:
        return getattr(self, f"text_{locale[:2]}", "") or self.text_en

    @property
    def texts(self) -> dict[str, str]:
        return {"text_en": self.text_en, "text_de": self.text_de, "text_nl": self.text_nl}


class SurveyAnswer(db.Model):
    """One anonymous answer for one service: no person, no invitation, no time."""

    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("survey_rounds.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    is_provider: Mapped[bool] = mapped_column(Boolean, default=False)
    overall: Mapped[int] = mapped_column(SmallInteger)
    reliability: Mapped[int] = mapped_column(SmallInteger)
    speed: Mapped[int] = mapped_column(SmallInteger)
    communication: Mapped[int] = mapped_column(SmallInteger)
    understanding: Mapped[int] = mapped_column(SmallInteger)


class SurveyScore(db.Model):
    """An answer to a lead's own question, kept apart so the core stays a fixed row."""

    __tablename__ = "survey_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("survey_answers.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(SmallInteger)


class SurveyText(db.Model):
    """A free text (keep doing, please change, expectation) without a name, in random order.

    The coordinator selects texts for the review agenda and turns an expectation into
    an action item or a proposed agreement change (`follow_up`).
    """

    __tablename__ = "survey_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("survey_rounds.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    kind: Mapped[TextKind] = mapped_column(enum_column(TextKind))
    body: Mapped[str] = mapped_column(Text)
    sort_key: Mapped[int] = mapped_column(Integer)
    is_selected: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up: Mapped[str] = mapped_column(String(300), default="")


class SurveyResult(db.Model):
    """A round's aggregate per service, question and side, computed once at closing.

    `question` is a core key or `q<id>` for a lead's own question; `mean` has two decimals.
    """

    __tablename__ = "survey_results"
    __table_args__ = (UniqueConstraint("round_id", "service_id", "question", "is_provider"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(String(20))
    is_provider: Mapped[bool] = mapped_column(Boolean, default=False)
    answers: Mapped[int] = mapped_column(Integer)
    mean: Mapped[Decimal] = mapped_column(Numeric(4, 2))


class FunctionProfile(TimestampMixin, db.Model):
    """What a function is there for, in its own words, and where its job ends."""

    __tablename__ = "function_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    function_id: Mapped[int] = mapped_column(
        ForeignKey("functions.id", ondelete="CASCADE"), unique=True
    )
    purpose: Mapped[str] = mapped_column(Text, default="")
    does: Mapped[str] = mapped_column(Text, default="")  # one item per line
    version: Mapped[int] = mapped_column(Integer, default=1)

    function: Mapped[Function] = relationship()
    boundaries: Mapped[list[ProfileBoundary]] = relationship(
        cascade="all, delete-orphan", order_by="ProfileBoundary.position"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProfileBoundary(db.Model):
    """Something the function does not do, and which function does it instead."""

    __tablename__ = "profile_boundaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("function_profiles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(SmallInteger)
    task: Mapped[str] = mapped_column(String(300))
    instead_function_id: Mapped[int | None] = mapped_column(
        ForeignKey("functions.id", ondelete="SET NULL")
    )

    instead_function: Mapped[Function | None] = relationship()
