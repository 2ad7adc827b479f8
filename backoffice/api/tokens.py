"""Personal API tokens: made on the preferences page, shown once, stored as a SHA-256.

A token acts as its user with exactly that user's rights; its scope can only narrow
them (a read token may not write). Revoked or expired tokens, and tokens of
deactivated users, authenticate no one.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from backoffice.api.models import ApiToken, TokenScope
from backoffice.auth.models import User
from backoffice.errors import Invalid, NotAllowed
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.models import utcnow

TOKEN_PREFIX = "bo_"
NAME_MAX = 80
EXPIRY_DAYS = (30, 90, 180, 365)
# Writing `last_used_dt` on every request would make every GET a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def create_token(user: User, name: str, scope: str, days: int) -> NewToken:
    errors = {}
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        errors["name"] = _("Please give the token a name of at most %(n)d characters.", n=NAME_MAX)
    if scope not in TokenScope._value2member_map_:
        errors["scope"] = _("Please choose a scope.")
    if days not in EXPIRY_DAYS:
        errors["days"] = _("Please choose an expiry.")
    if errors:
        raise Invalid(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=secret[:10],
        token_hash=hash_secret(secret),
        scope=TokenScope(scope),
        expires_dt=utcnow() + timedelta(days=days),
    )
    db.session.add(token)
    db.session.commit()
    return NewToken(token, secret)


def revoke_token(token: ApiToken, actor: User) -> None:
    """Its owner or an administrator ends a token; ending it twice changes nothing."""
    if token.user_id != actor.id and not actor.is_admin:
        raise NotAllowed()
    if token.revoked_dt is None:
        token.revoked_dt = utcnow()
        db.session.commit()


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def all_tokens() -> list[ApiToken]:
    """Every token, for administrators (newest first, with its user in the same statement)."""
    return list(
        db.session.scalars(
            select(ApiToken).options(joinedload(ApiToken.user)).order_by(ApiToken.id.desc())
        )
    )


def authenticate(secret: str, now: datetime | None = None) -> ApiToken | None:
    """The usable token with this secret, its use noted (at most once a minute)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    now = now or utcnow()
    token = db.session.scalar(
        select(ApiToken)
        .options(joinedload(ApiToken.user).joinedload(User.function))
        .where(ApiToken.token_hash == hash_secret(secret))
    )
    if token is None or not token.is_usable(now):
        return None
    if token.last_used_dt is None or now - token.last_used_dt > LAST_USED_PRECISION:
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_dt=now))
        db.session.commit()
    return token


def expiry_choices() -> list[tuple[int, str]]:
    return [(days, _("%(n)d days", n=days)) for days in EXPIRY_DAYS]
