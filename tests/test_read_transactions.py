"""A request that only read commits instead of rolling back, so prepared statements survive.

What must never happen: the end of a request writing what a service did not commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from backoffice.extensions import db
from backoffice.org.models import Function
from tests.helpers import login
from tests.office import Office
from tests.ticket_steps import reported_number


@contextmanager
def transaction_ends(app: Flask) -> Iterator[Counter]:
    """Count how transactions on the app's engine end: commit or rollback."""
    with app.app_context():
        engine = db.engine
    ends: Counter = Counter()
    listeners = [
        (name, lambda _conn, name=name: ends.update([name])) for name in ("commit", "rollback")
    ]
    for name, listener in listeners:
        event.listen(engine, name, listener)
    try:
        yield ends
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)


def function_named(app: Flask, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(Function.name == name))


def test_a_page_that_only_read_ends_with_commit(app: Flask, client: FlaskClient, office: Office):
    login(client, office.coordinator)
    number = reported_number(client, office)
    client.get(f"/tickets/{number}")
    with transaction_ends(app) as ends:
        assert client.get(f"/tickets/{number}").status_code == 200
    assert ends == Counter(commit=1)


def test_what_was_written_but_not_committed_is_rolled_back(app: Flask, office: Office):
    with transaction_ends(app) as ends, app.app_context():
        db.session.scalar(select(Function.id).limit(1))
        db.session.add(Function(name="Flushed, never committed"))
        db.session.flush()
    assert ends == Counter(rollback=1)
    assert function_named(app, "Flushed, never committed") == 0


def test_what_is_pending_in_the_session_is_not_flushed_by_the_end(app: Flask, office: Office):
    with transaction_ends(app) as ends, app.app_context():
        db.session.scalar(select(Function.id).limit(1))  # only reads so far
        db.session.add(Function(name="Added, never flushed"))
    assert ends == Counter(rollback=1)
    assert function_named(app, "Added, never flushed") == 0


def test_a_request_that_failed_rolls_back(app: Flask, office: Office):
    with transaction_ends(app) as ends, pytest.raises(LookupError), app.app_context():
        db.session.scalar(select(Function.id).limit(1))
        raise LookupError("the request failed after reading")
    assert ends == Counter(rollback=1)


def test_postgresql_keeps_what_it_prepared_across_requests(
    app: Flask, client: FlaskClient, office: Office
):
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    login(client, office.coordinator)
    number = reported_number(client, office)
    used = set()

    def on_checkout(dbapi_conn, _record, _proxy) -> None:
        used.add(dbapi_conn)

    event.listen(engine, "checkout", on_checkout)
    try:
        for _ in range(7):  # psycopg prepares a statement at its fifth run on a connection
            assert client.get(f"/tickets/{number}").status_code == 200
    finally:
        event.remove(engine, "checkout", on_checkout)
    prepared = []
    for dbapi_conn in used:  # idle in the pool now
        rows = dbapi_conn.execute("SELECT statement FROM pg_prepared_statements").fetchall()
        dbapi_conn.rollback()
        prepared += [row[0] for row in rows]
    assert any("FROM tickets" in statement for statement in prepared), prepared
