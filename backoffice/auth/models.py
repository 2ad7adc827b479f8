"""Users and their roles."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.models import TimestampMixin, UTCDateTime, utcnow

if TYPE_CHECKING:
    from backoffice.org.models import Function


class Role(enum.StrEnum):
    """Roles are ordered: each one may do everything the ones before it may."""

    CLERK = "clerk"
    OWNER = "owner"
    COORDINATOR = "coordinator"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.CLERK: _l("Clerk"),
    Role.OWNER: _l("Owner"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMIN: _l("Administrator"),
}


def enum_column(enum_class: type[enum.Enum], length: int = 20) -> Enum:
    """Store an enum by its value as a plain string: portable and readable in SQL."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
    )


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.CLERK)
    function_id: Mapped[int | None] = mapped_column(
        ForeignKey("functions.id", ondelete="SET NULL"), index=True
    )
    locale: Mapped[str | None] = mapped_column(String(5))
    is_active_user: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    function: Mapped[Function | None] = relationship(foreign_keys=[function_id])

    # The sign-in session this request runs in (set by sign-in and by the session loader);
    # its token is what Flask-Login keeps in the session and remember-me cookies.
    current_session = None  # UserSession | None
    session_token = ""

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.is_active_user

    def get_id(self) -> str:
        """The opaque token of this sign-in session; nothing derived from the password."""
        return self.session_token

    # UserMixin compares users by get_id(), which is now a session's token (empty for a
    # user loaded as a ticket's owner): compare rows by identity, as the ORM means them.
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    def has_role(self, role: Role) -> bool:
        return self.role.rank >= role.rank

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(Role.COORDINATOR)

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserSession(db.Model):
    """One signed-in browser. The cookies hold a random token; this row holds only its
    SHA-256, so deleting the row ends every copy of the cookies, on every app server."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")

    user: Mapped[User] = relationship()


class LoginThrottle(db.Model):
    """Failed sign-ins counted under one key: an (account, address) pair, an address, or an
    account across addresses. The key is stored as a SHA-256, so the table names no one."""

    __tablename__ = "login_throttles"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_until_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
