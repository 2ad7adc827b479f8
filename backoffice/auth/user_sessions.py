"""Sign-in sessions held in the database, so that signing out ends them everywhere.

The browser's session and remember-me cookies carry only a random token; the
`user_sessions` row holds its SHA-256. Deleting the row ends every copy of both cookies,
on every app server that shares the database. A session ends by sign-out, by "sign out
everywhere", when its user's password, role or activation changes, after
SESSION_IDLE_MINUTES without a request (unless "keep me signed in" was ticked), and at
the latest SESSION_MAX_HOURS (or REMEMBER_DAYS when remembered) after sign-in.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import joinedload

from backoffice.auth.models import User, UserSession
from backoffice.extensions import db
from backoffice.models import utcnow

USER_AGENT_LENGTH = UserSession.user_agent.type.length


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, remember: bool, address: str, user_agent: str) -> UserSession:
    """A new session for `user` (added, not committed); `user.session_token` is its token."""
    config = current_app.config
    now = utcnow()
    lifetime = (
        timedelta(days=config["REMEMBER_DAYS"])
        if remember
        else timedelta(hours=config["SESSION_MAX_HOURS"])
    )
    token = secrets.token_urlsafe(32)
    expired = delete(UserSession).where(
        UserSession.user_id == user.id, UserSession.expires_dt <= now
    )
    db.session.execute(expired.execution_options(synchronize_session=False))  # tidy as we go
    row = UserSession(
        user=user,
        token_hash=token_hash(token),
        created_dt=now,
        last_seen_dt=now,
        expires_dt=now + lifetime,
        remember=remember,
        user_agent=user_agent[:USER_AGENT_LENGTH],
        ip=address[:45],
    )
    db.session.add(row)
    user.current_session, user.session_token = row, token
    return row


def user_for_token(token: str, now: datetime | None = None) -> User | None:
    """The active user whose live session has this token, or None (signed out).

    Notes the time it was seen, at most every SESSION_TOUCH_MINUTES, so that a busy user
    does not write a row with every request.
    """
    now = now or utcnow()
    row = db.session.scalar(  # with its user: one statement on every page, not two
        select(UserSession)
        .options(joinedload(UserSession.user))
        .where(UserSession.token_hash == token_hash(token))
    )
    if row is None or not _is_live(row, now) or not row.user.is_active_user:
        return None
    if now - row.last_seen_dt > timedelta(minutes=current_app.config["SESSION_TOUCH_MINUTES"]):
        _touch(row, now)
    row.user.current_session, row.user.session_token = row, token
    return row.user


def _touch(row: UserSession, now: datetime) -> None:
    """Note when the session was last seen; best effort, so a busy database (SQLite's one
    writer) skips it rather than refuse the page: the next request tries again."""
    row.last_seen_dt = now
    try:
        db.session.commit()
    except OperationalError:
        db.session.rollback()


def _is_live(row: UserSession, now: datetime) -> bool:
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    return row.expires_dt > now and (row.remember or row.last_seen_dt + idle > now)


def end_session(user: User) -> None:
    """Sign-out: the session this request runs in ends, whichever cookie copies exist."""
    if user.current_session is not None:
        db.session.execute(delete(UserSession).where(UserSession.id == user.current_session.id))
    db.session.commit()


def end_sessions_of(user: User, keep: UserSession | None = None) -> int:
    """End every session of `user` but `keep` (not committed); how many ended."""
    statement = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        statement = statement.where(UserSession.id != keep.id)
    return db.session.execute(statement.execution_options(synchronize_session=False)).rowcount


def live_sessions_of(user: User) -> list[UserSession]:
    """The user's sessions that still open pages, most recently seen first."""
    now = utcnow()
    stmt = select(UserSession).where(UserSession.user_id == user.id, UserSession.expires_dt > now)
    rows = db.session.scalars(stmt.order_by(UserSession.last_seen_dt.desc()))
    return [row for row in rows if _is_live(row, now)]


_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def describe_device(user_agent: str) -> str:
    """'Firefox on Windows' from a User-Agent header; the raw header when it is unfamiliar."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in _SYSTEMS if re.search(mark, user_agent)), None)
    if browser and system:
        return f"{browser} · {system}"
    return user_agent[:80] or "?"
