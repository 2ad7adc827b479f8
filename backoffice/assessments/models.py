"""Self-assessments: a versioned criteria catalogue, a team's ratings, development needs.

The catalogue is versioned so history stays true: an assessment keeps the version it
was made against, and a version that any assessment uses is frozen (an edit makes a
new version; see `catalogue.py`). Texts are stored in the three languages side by side.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.auth.models import enum_column
from backoffice.extensions import db
from backoffice.i18n import current_locale, org_today
from backoffice.i18n import lazy_gettext as _l
from backoffice.models import TimestampMixin, UTCDateTime, utcnow

if TYPE_CHECKING:
    from backoffice.auth.models import User
    from backoffice.org.models import Function

LANGUAGES = ("en", "de", "nl")


class Localized:
    """Rows with `<name>_en/_de/_nl` columns: `text("statement")` in the reader's language."""

    def text(self, name: str, locale: str | None = None) -> str:
        locale = locale or current_locale()
        value = getattr(self, f"{name}_{locale}", "") if locale in LANGUAGES else ""
        return value or getattr(self, f"{name}_en")


class Level(enum.IntEnum):
    """The four steps of the scale; the value is the score a field's mean is made of."""

    NOT_YET = 0
    STARTED = 1
    LARGELY = 2
    FULLY = 3

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[self])

    @property
    def is_weak(self) -> bool:
        """Weak enough to become a development need."""
        return self in (Level.NOT_YET, Level.STARTED)


LEVEL_LABELS = {
    Level.NOT_YET: _l("not yet"),
    Level.STARTED: _l("started"),
    Level.LARGELY: _l("largely"),
    Level.FULLY: _l("fully"),
}
TOP_SCORE = max(Level)


class CatalogueVersion(db.Model):
    """One version of the criteria; frozen once an assessment uses it."""

    __tablename__ = "assessment_catalogues"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    fields: Mapped[list[CatalogueField]] = relationship(
        back_populates="catalogue", cascade="all, delete-orphan", order_by="CatalogueField.position"
    )


class CatalogueField(Localized, db.Model):
    """One of the fields in which service-oriented change can start."""

    __tablename__ = "assessment_fields"
    __table_args__ = (UniqueConstraint("catalogue_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    catalogue_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_catalogues.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title_en: Mapped[str] = mapped_column(String(200))
    title_de: Mapped[str] = mapped_column(String(200), default="")
    title_nl: Mapped[str] = mapped_column(String(200), default="")

    catalogue: Mapped[CatalogueVersion] = relationship(back_populates="fields")
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="field", cascade="all, delete-orphan", order_by="Criterion.position"
    )


class Criterion(Localized, db.Model):
    """A statement to rate, and what "fully" looks like. `key` stays across versions, so
    evidence providers (`evidence.py`) and trends find the same criterion again."""

    __tablename__ = "assessment_criteria"
    __table_args__ = (UniqueConstraint("field_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    field_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_fields.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, default=0)
    statement_en: Mapped[str] = mapped_column(Text)
    statement_de: Mapped[str] = mapped_column(Text, default="")
    statement_nl: Mapped[str] = mapped_column(Text, default="")
    fully_en: Mapped[str] = mapped_column(Text, default="")
    fully_de: Mapped[str] = mapped_column(Text, default="")
    fully_nl: Mapped[str] = mapped_column(Text, default="")

    field: Mapped[CatalogueField] = relationship(back_populates="criteria")


class ToolboxMethod(Localized, TimestampMixin, db.Model):
    """A way to develop further (customer interview, shadowing a day, a workshop)."""

    __tablename__ = "assessment_methods"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_de: Mapped[str] = mapped_column(String(120), default="")
    name_nl: Mapped[str] = mapped_column(String(120), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_de: Mapped[str] = mapped_column(Text, default="")
    description_nl: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class AssessmentStatus(enum.StrEnum):
    DRAFT = "draft"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {AssessmentStatus.DRAFT: _l("Draft"), AssessmentStatus.COMPLETED: _l("Completed")}


class Assessment(TimestampMixin, db.Model):
    """A team's self-assessment against one catalogue version.

    `draft_of` holds the function's id while the assessment is a draft and is unique,
    so two leads starting at once get one draft. `version` is the optimistic lock.
    """

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    function_id: Mapped[int] = mapped_column(
        ForeignKey("functions.id", ondelete="CASCADE"), index=True
    )
    catalogue_id: Mapped[int] = mapped_column(ForeignKey("assessment_catalogues.id"), index=True)
    status: Mapped[AssessmentStatus] = mapped_column(
        enum_column(AssessmentStatus), default=AssessmentStatus.DRAFT
    )
    draft_of: Mapped[int | None] = mapped_column(Integer, unique=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    completed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    function: Mapped[Function] = relationship()
    catalogue: Mapped[CatalogueVersion] = relationship()
    started_by: Mapped[User | None] = relationship(foreign_keys=[started_by_id])
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])
    ratings: Mapped[list[Rating]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT


class Rating(db.Model):
    """The team's answer on one criterion: a level (None until rated), a note, evidence."""

    __tablename__ = "assessment_ratings"
    __table_args__ = (UniqueConstraint("assessment_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(ForeignKey("assessment_criteria.id"), index=True)
    level: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str] = mapped_column(String(500), default="")

    assessment: Mapped[Assessment] = relationship(back_populates="ratings")
    criterion: Mapped[Criterion] = relationship()
    files: Mapped[list[EvidenceFile]] = relationship(
        back_populates="rating", cascade="all, delete-orphan", order_by="EvidenceFile.id"
    )


class EvidenceFile(db.Model):
    """A file a team attached to a rating as evidence, kept in the database like a ticket's
    attachments (`data` deferred: listing never loads the bytes)."""

    __tablename__ = "assessment_evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_ratings.id", ondelete="CASCADE"), index=True
    )
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    rating: Mapped[Rating] = relationship(back_populates="files")


class NeedStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"

    @property
    def label(self) -> str:
        return str(NEED_STATUS_LABELS[self])


NEED_STATUS_LABELS = {NeedStatus.OPEN: _l("Open"), NeedStatus.DONE: _l("Done")}


class DevelopmentNeed(TimestampMixin, db.Model):
    """Where a team still needs to develop: an action with an owner, a due date and a method.

    Its own action item (not the review's `ActionItem`, which belongs to a review): it
    shows on the owner's My work and on every quarterly agenda until it is done.
    """

    __tablename__ = "development_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(ForeignKey("assessment_criteria.id"))
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    due_date: Mapped[date | None] = mapped_column(Date)
    method_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_methods.id", ondelete="SET NULL")
    )
    status: Mapped[NeedStatus] = mapped_column(
        enum_column(NeedStatus), default=NeedStatus.OPEN, index=True
    )
    done_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    assessment: Mapped[Assessment] = relationship()
    criterion: Mapped[Criterion] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    method: Mapped[ToolboxMethod | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == NeedStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.due_date and self.due_date < org_today())
