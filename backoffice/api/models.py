"""The API's own tables: personal tokens and the answers kept for idempotent creates."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.auth.models import User, enum_column
from backoffice.extensions import db
from backoffice.models import UTCDateTime, utcnow


class TokenScope(enum.StrEnum):
    READ = "read"
    READ_WRITE = "read-write"


class ApiToken(db.Model):
    """A personal token: it acts as its user. Only the SHA-256 of the secret is kept;
    `prefix` (the first characters) lets the owner tell tokens apart."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[TokenScope] = mapped_column(enum_column(TokenScope))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_dt is None and self.expires_dt > now and self.user.is_active


class IdempotencyKey(db.Model):
    """The first answer to a create sent with `Idempotency-Key`, replayed to its retries.

    The row is added before the create runs, so it commits in the create's transaction:
    two concurrent requests with one key cannot both commit (the unique constraint), and
    a create that failed leaves no row. `request_hash` tells a retry from a misuse.
    """

    __tablename__ = "api_idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    location: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
