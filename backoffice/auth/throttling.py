"""Sign-in throttling by account and by client address (OWASP ASVS 2.2.1).

Three counters of failed sign-ins, each a row of `login_throttles`:

- the (e-mail, address) pair: LOGIN_MAX_FAILURES failures lock that pair for
  LOGIN_LOCK_MINUTES; the account's owner signing in from elsewhere is not affected;
- the address across all accounts (password spraying): LOGIN_MAX_FAILURES_PER_ADDRESS;
- the account across all addresses: past LOGIN_ACCOUNT_SLOW_AFTER failures every further
  attempt waits LOGIN_ACCOUNT_SLOW_SECONDS after the one before: slowed, never locked.

A failure that follows a quiet LOGIN_FAILURE_WINDOW_MINUTES starts its count again.

An attempt is counted *before* its password is checked, in one atomic upsert per counter,
so however many requests race, at most the limit of them get a password checked; a
successful sign-in takes its attempt back. Unknown e-mail addresses are counted like known
ones, so the throttle tells no one which accounts exist.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, literal, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from backoffice.auth.models import LoginThrottle
from backoffice.extensions import db


@dataclass(frozen=True)
class Limit:
    key_hash: str
    max_failures: int
    lock: timedelta


def _key_hash(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def limits_for(email: str, address: str) -> list[Limit]:
    """The counters an attempt to sign in as `email` from `address` goes through."""
    config = current_app.config
    lock = timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
    return [
        Limit(_key_hash("pair", email, address), config["LOGIN_MAX_FAILURES"], lock),
        Limit(_key_hash("address", address), config["LOGIN_MAX_FAILURES_PER_ADDRESS"], lock),
        Limit(
            _key_hash("account", email),
            config["LOGIN_ACCOUNT_SLOW_AFTER"],
            timedelta(seconds=config["LOGIN_ACCOUNT_SLOW_SECONDS"]),
        ),
    ]


def _insert_missing(key_hash: str) -> None:
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(LoginThrottle).values(key_hash=key_hash, failures=0)
    db.session.execute(statement.on_conflict_do_nothing(index_elements=["key_hash"]))


def _count_attempt(limit: Limit, now: datetime) -> bool:
    """Count one attempt under `limit`, unless it is locked; True when it was counted.

    One UPDATE whose WHERE refuses a locked row: PostgreSQL re-checks it on the row a
    concurrent writer left, SQLite runs writers one at a time, so no two attempts can
    both take the last allowed one.
    """
    window = timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    t = LoginThrottle
    quiet = t.last_failure_dt.is_(None) | (t.last_failure_dt < now - window)
    failures = case((quiet, literal(1)), else_=t.failures + 1)
    statement = (
        update(t)
        .where(t.key_hash == limit.key_hash)
        .where(t.locked_until_dt.is_(None) | (t.locked_until_dt <= now))
        .values(
            failures=failures,
            last_failure_dt=now,
            locked_until_dt=case(
                (failures >= limit.max_failures, literal(now + limit.lock, t.locked_until_dt.type)),
                else_=None,
            ),
        )
        .returning(t.id)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(statement).first() is not None


def count_attempt(email: str, address: str, now: datetime) -> bool:
    """Count an attempt on every counter and commit; False when one of them is locked.

    Counting stops at the first locked counter, so a locked pair does not also use up
    its address's allowance.
    """
    db.session.commit()  # end any read: SQLite cannot make a reader with an old view a writer
    allowed = True
    for limit in limits_for(email, address):
        _insert_missing(limit.key_hash)
        if not _count_attempt(limit, now):
            allowed = False
            break
    db.session.commit()
    return allowed


def forget_attempt(email: str, address: str) -> None:
    """A successful sign-in: the pair starts afresh, and the attempt it was counted as is
    taken back from the address and the account (a success is not a failure)."""
    pair, *others = limits_for(email, address)
    t = LoginThrottle
    db.session.execute(delete(t).where(t.key_hash == pair.key_hash))
    for limit in others:
        db.session.execute(
            update(t)
            .where(t.key_hash == limit.key_hash, t.failures > 0)
            .values(
                failures=t.failures - 1,
                locked_until_dt=case(
                    (t.failures - 1 < limit.max_failures, None), else_=t.locked_until_dt
                ),
            )
            .execution_options(synchronize_session=False)
        )
