"""Sign-in with throttling, and user management."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from backoffice.audit import diff_fields, record_audit
from backoffice.auth.models import Role, User
from backoffice.auth.passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password
from backoffice.date_formats import show_datetime
from backoffice.errors import Invalid
from backoffice.extensions import db
from backoffice.models import utcnow


class LoginThrottled(Exception):
    """Too many failed attempts for this account; `until` says when to try again.

    It stays apart from `Invalid` because `authenticate` is a question ("whose are these
    credentials?") that the throttling tests ask directly; `sign_in` turns it into the
    message at the password field, like every other refusal.
    """

    def __init__(self, until: datetime) -> None:
        super().__init__(until)
        self.until = until


EMAIL_TAKEN = _l("Another user already has this e-mail address.")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def users_by_name() -> list[User]:
    """Every user with their function, for the administration list."""
    stmt = select(User).options(selectinload(User.function)).order_by(User.name)
    return list(db.session.scalars(stmt))


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


def authenticate(email: str, password: str, now: datetime | None = None) -> User | None:
    """Return the user for valid credentials, None otherwise.

    Failures are counted per account; past the limit the account refuses even
    the right password until the lock expires, which stops password guessing
    without letting an attacker lock anyone out for long.
    """
    now = now or utcnow()
    user = find_user_by_email(email)
    if user is None:
        verify_password(DUMMY_HASH, password)
        return None
    if user.locked_until_dt and user.locked_until_dt > now:
        raise LoginThrottled(user.locked_until_dt)
    password_ok = verify_password(user.password_hash, password)  # always, for even timing
    if not user.is_active_user or not password_ok:
        _record_failure(user, now)
        return None
    user.failed_logins = 0
    user.last_failed_login_dt = None
    user.locked_until_dt = None
    user.last_login_dt = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.commit()
    return user


def sign_in(email: str, password: str) -> User:
    """The user these credentials belong to, or `Invalid` with the reason at the password."""
    try:
        user = authenticate(email, password)
    except LoginThrottled as throttled:
        until = show_datetime(throttled.until)
        raise Invalid(
            {"password": _l("Too many failed attempts. Try again after %(time)s.", time=until)}
        ) from throttled
    if user is None:
        raise Invalid({"password": _l("E-mail or password is wrong.")})
    return user


def _record_failure(user: User, now: datetime) -> None:
    """Count a failure; one that follows a quiet window starts the count again, so a
    colleague who mistypes once a week is never locked out by old mistakes."""
    window = timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    if user.last_failed_login_dt is None or now - user.last_failed_login_dt > window:
        user.failed_logins = 0
    user.failed_logins += 1
    user.last_failed_login_dt = now
    if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
        user.locked_until_dt = now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
        user.failed_logins = 0
    db.session.commit()


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
    if changes:
        record_audit(user, "user", user.id, "preferences", changes)
    db.session.commit()
    return user
