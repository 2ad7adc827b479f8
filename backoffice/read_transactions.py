"""A request that only read ends its transaction with COMMIT, so prepared statements survive.

psycopg prepares a statement on the server once a connection has run it five times,
and PostgreSQL then stops planning it again (planning the ticket page's ticket query
took 1.6 ms of its 1.8 ms). But psycopg forgets every prepared statement on ROLLBACK,
because a rollback may undo a PREPARE, and a session that is closed rolls back: so
every page, ending its request that way, threw away what its connection had prepared.

A transaction that wrote nothing ends alike with COMMIT or ROLLBACK, and COMMIT keeps
the prepared statements. So at the end of each request (before Flask-SQLAlchemy closes
the session) a transaction still open is committed when its connection ran nothing but
SELECT statements, nothing is pending in the session and no error ended the request.
Anything else rolls back as before; services still own every transaction that writes.
(SQLite keeps nothing across transactions, but ends a read alike either way too.)
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from backoffice.extensions import db

_WROTE = "backoffice_wrote"  # Connection.info: this transaction ran more than SELECTs
_CONNECTION = "backoffice_connection"  # Session.info: the connection of its transaction


@event.listens_for(Engine, "begin")
def _new_transaction(conn: Connection) -> None:
    conn.info[_WROTE] = False


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:  # noqa: ANN401
    if statement.lstrip()[:6].upper() != "SELECT":
        conn.info[_WROTE] = True


@event.listens_for(Session, "after_begin")
def _remember_connection(session: Session, _transaction: Any, conn: Connection) -> None:  # noqa: ANN401
    session.info[_CONNECTION] = conn


def end_read_only_transaction(exc: BaseException | None) -> None:
    """Commit the request's transaction if it only read (see the module's docstring)."""
    session = db.session()
    conn = session.info.get(_CONNECTION)
    if exc is not None or conn is None or not session.in_transaction():
        return
    if conn.closed or conn.info.get(_WROTE, True):
        return
    if session.new or session.dirty or session.deleted:  # a commit would flush them
        return
    session.commit()


def init_read_transactions(app: Flask) -> None:
    """Register after `db.init_app`: teardowns run in reverse, so this one runs first."""
    app.teardown_appcontext(end_read_only_transaction)
