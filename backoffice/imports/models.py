"""Bulk import: uploaded files, and column mappings remembered per uploader and layout."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.extensions import db
from backoffice.models import TimestampMixin, UTCDateTime, utcnow


class ImportMapping(TimestampMixin, db.Model):
    """The mapping a user last chose for files whose header row hashes to `layout_hash`."""

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("user_id", "layout_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    layout_hash: Mapped[str] = mapped_column(String(64))
    mapping: Mapped[str] = mapped_column(Text)  # JSON: field → column header


class ImportUpload(db.Model):
    """An uploaded file between its upload, the mapping, the preview and the import.

    Kept in the database (like attachments), so every app server sees it; a job deletes
    uploads older than a day.
    """

    __tablename__ = "import_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    imported_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    duplicate_count: Mapped[int] = mapped_column(Integer, default=0)
