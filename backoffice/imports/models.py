"""Remembered column mappings: per uploader and file layout (its header row)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.extensions import db
from backoffice.models import TimestampMixin


class ImportMapping(TimestampMixin, db.Model):
    """The mapping a user last chose for files whose header row hashes to `layout_hash`."""

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("user_id", "layout_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    layout_hash: Mapped[str] = mapped_column(String(64))
    mapping: Mapped[str] = mapped_column(Text)  # JSON: field → column header
