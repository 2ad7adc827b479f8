"""The readiness checks: the database answers, and its schema is the one this code expects.

Each check returns None when it passes or a short reason when it fails; a check never
raises, so `/readyz` answers 503 with the reason instead of a 500.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backoffice.extensions import db


@cache
def head_revisions(directory: str) -> frozenset[str]:
    """The head revision(s) of the migration scripts: read once per process (they never
    change while it runs)."""
    return frozenset(ScriptDirectory(directory).get_heads())


def migrations_directory() -> str:
    return str(Path(current_app.extensions["migrate"].directory))


def readiness() -> dict[str, str]:
    """Each check's verdict, "ok" or why not; the migrations are checked only on a live database."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            try:
                applied = frozenset(
                    connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
                )
            except SQLAlchemyError:
                applied = frozenset()
    except (SQLAlchemyError, OSError) as exc:
        current_app.logger.warning("readiness: database unreachable: %s", exc)
        return {"database": "unreachable", "migrations": "unknown"}
    expected = head_revisions(migrations_directory())
    if applied != expected:
        found = ", ".join(sorted(applied)) or "none"
        return {
            "database": "ok",
            "migrations": f"at {found}, expected {', '.join(sorted(expected))}",
        }
    return {"database": "ok", "migrations": "ok"}
