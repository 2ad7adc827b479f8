"""Functions and the handoffs between them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.extensions import db
from backoffice.models import TimestampMixin

if TYPE_CHECKING:
    from backoffice.auth.models import User


class Function(TimestampMixin, db.Model):
    """A back-office function (department or team), e.g. Invoicing."""

    __tablename__ = "functions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", use_alter=True), index=True
    )
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    lead: Mapped[User | None] = relationship(foreign_keys=[lead_id])

    def __str__(self) -> str:
        return self.name


class Handoff(TimestampMixin, db.Model):
    """A directed flow of work from one function to another.

    Defects are reported against a handoff; its default owner is who usually
    owns the cause, so triage is one click in the common case.
    """

    __tablename__ = "handoffs"
    __table_args__ = (UniqueConstraint("from_function_id", "to_function_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    from_function_id: Mapped[int] = mapped_column(ForeignKey("functions.id"), index=True)
    to_function_id: Mapped[int] = mapped_column(ForeignKey("functions.id"), index=True)
    default_owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    from_function: Mapped[Function] = relationship(foreign_keys=[from_function_id])
    to_function: Mapped[Function] = relationship(foreign_keys=[to_function_id])
    default_owner: Mapped[User | None] = relationship(foreign_keys=[default_owner_id])

    @property
    def label(self) -> str:
        return f"{self.from_function.name} → {self.to_function.name}: {self.name}"

    def __str__(self) -> str:
        return self.label
