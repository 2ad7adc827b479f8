"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from sqlalchemy import inspect, text

from backoffice.extensions import db
from backoffice.tickets.models import TICKET_FILLFACTOR


def _app_tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_migrations_have_one_head(app: Flask) -> None:
    with app.app_context():
        config = current_app.extensions["migrate"].migrate.get_config()
        heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"branched migrations, merge them: {heads}"


def test_downgrade_to_base_and_upgrade_again_matches_the_models(app: Flask) -> None:
    with app.app_context():
        flask_migrate.downgrade(revision="base")
        assert _app_tables() == set()

        # Leaves the schema at head for the tests that follow.
        flask_migrate.upgrade()
        assert _app_tables() == set(db.metadata.tables)
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
    assert differences == [], "models and migrations differ; run `flask --app wsgi db migrate`"


def test_tickets_leave_room_for_updates_on_postgresql(app: Flask) -> None:
    """Deadline recomputes rely on it (HOT updates); SQLite has no fill factor to check."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("a PostgreSQL storage parameter")
        options = db.session.scalar(
            text("SELECT reloptions FROM pg_class WHERE relname = 'tickets'")
        )
    assert f"fillfactor={TICKET_FILLFACTOR}" in (options or [])
