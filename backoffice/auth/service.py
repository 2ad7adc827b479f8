"""Sign-in with throttling, and user management."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from backoffice.audit import diff_fields, record_audit
from backoffice.auth.models import Role, User
from backoffice.auth.passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password
from backoffice.auth.throttling import count_attempt, forget_attempt
from backoffice.auth.user_sessions import end_sessions_of, start_session
from backoffice.errors import Invalid
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.models import utcnow

EMAIL_TAKEN = _l("Another user already has this e-mail address.")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def users_by_name() -> list[User]:
    """Every user with their function, for the administration list."""
    stmt = select(User).options(selectinload(User.function)).order_by(User.name)
    return list(db.session.scalars(stmt))


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


def authenticate(
    email: str, password: str, address: str, now: datetime | None = None
) -> User | None:
    """Return the user for valid credentials, None otherwise.

    Every failure does the same work, one password verification, and looks the same:
    an unknown e-mail, a wrong password, an inactive account and a throttled attempt
    (see `throttling`). A throttled attempt verifies against a dummy hash, so the
    account's password is checked at most LOGIN_MAX_FAILURES times per address and window.
    """
    now = now or utcnow()
    email = normalize_email(email)
    counted = count_attempt(email, address, now)
    user = find_user_by_email(email)
    known = counted and user is not None
    password_ok = verify_password(user.password_hash if known else DUMMY_HASH, password)
    if not (known and password_ok and user.is_active_user):
        return None
    forget_attempt(email, address)
    user.last_login_dt = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.commit()
    return user


def sign_in(email: str, password: str, remember: bool, address: str, user_agent: str) -> User:
    """The user these credentials belong to, in a new session; else `Invalid`, with one
    message for every kind of failure (it must not tell which accounts exist)."""
    user = authenticate(email, password, address)
    if user is None:
        config = current_app.config
        raise Invalid(
            {
                "password": _l(
                    "E-mail or password is wrong. After %(n)d failed attempts, signing in "
                    "pauses for %(minutes)d minutes.",
                    n=config["LOGIN_MAX_FAILURES"],
                    minutes=config["LOGIN_LOCK_MINUTES"],
                )
            }
        )
    start_session(user, remember, address, user_agent)
    db.session.commit()
    return user


@dataclass
class UserData:
    email: str
    name: str
    role: Role
    function_id: int | None = None
    locale: str | None = None
    is_active_user: bool = True


def save_user(user: User | None, data: UserData, actor: User, password: str | None) -> User:
    """Create `user` (None) or update it, as the administration form does."""
    if user is None:
        if not password:
            raise Invalid({"password": _l("A new user needs a password.")})
        return create_user(data, password, actor)
    return update_user(user, data, actor, password or None)


def create_user(data: UserData, password: str, actor: User | None = None) -> User:
    if find_user_by_email(data.email):
        raise Invalid({"email": EMAIL_TAKEN})
    user = User(
        email=normalize_email(data.email),
        name=data.name.strip(),
        role=data.role,
        function_id=data.function_id,
        locale=data.locale or None,
        is_active_user=data.is_active_user,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    record_audit(actor, "user", user.id, "created", {"role": (None, user.role.value)})
    db.session.commit()
    return user


def update_user(user: User, data: UserData, actor: User, password: str | None = None) -> User:
    """Save the changes; an administrator cannot lock themselves out by demoting or
    deactivating their own account (someone must stay able to administer)."""
    if user.id == actor.id and data.role != Role.ADMIN:
        raise Invalid({"role": _l("You cannot take away your own administrator role.")})
    if user.id == actor.id and not data.is_active_user:
        raise Invalid({"is_active_user": _l("You cannot deactivate yourself.")})
    other = find_user_by_email(data.email)
    if other is not None and other.id != user.id:
        raise Invalid({"email": EMAIL_TAKEN})
    changes = diff_fields(
        user,
        {
            "email": normalize_email(data.email),
            "name": data.name.strip(),
            "role": data.role,
            "function_id": data.function_id,
            "locale": data.locale or None,
            "is_active_user": data.is_active_user,
        },
    )
    if password:
        user.password_hash = hash_password(password)
        changes["password"] = ("***", "***")
    if changes.keys() & {"password", "role", "is_active_user"}:
        end_sessions_of(user)  # they sign in again, with what changed
    if changes:
        record_audit(actor, "user", user.id, "updated", changes)
    db.session.commit()
    return user


def set_own_preferences(
    user: User, locale: str | None, new_password: str | None, current_password: str | None
) -> User:
    """Save one's own language and password.

    A new password needs the current one, so an unattended session cannot take over the
    account.
    """
    if new_password and not verify_password(user.password_hash, current_password or ""):
        raise Invalid({"current_password": _l("Your current password is not right.")})
    changes = diff_fields(user, {"locale": locale or None})
    if new_password:
        user.password_hash = hash_password(new_password)
        changes["password"] = ("***", "***")
        end_sessions_of(user, keep=user.current_session)  # whoever else knew the old one
    if changes:
        record_audit(user, "user", user.id, "preferences", changes)
    db.session.commit()
    return user


def sign_out_everywhere_else(user: User) -> int:
    """End every session of `user` but the one they are using; how many ended."""
    ended = end_sessions_of(user, keep=user.current_session)
    record_audit(user, "user", user.id, "signed_out_elsewhere", {"sessions": (ended, 0)})
    db.session.commit()
    return ended


def sign_out_everywhere(user: User, actor: User) -> int:
    """An administrator ends every session of `user` (their own included, if it is them)."""
    ended = end_sessions_of(user)
    record_audit(actor, "user", user.id, "signed_out_everywhere", {"sessions": (ended, 0)})
    db.session.commit()
    return ended
