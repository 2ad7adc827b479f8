"""Generated tickets into the database fast: their numbers, then bulk inserts.

Rows go in with one statement per table and batch instead of one per row, so
that seeding hundreds of thousands of tickets takes seconds, not hours.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from flask import current_app
from sqlalchemy import String, Table, bindparam, cast, column, func, insert, literal, select
from sqlalchemy.dialects.postgresql import JSON

from backoffice.demo.stories import Story
from backoffice.extensions import db
from backoffice.tickets.models import Comment, Ticket, TicketCounter, TicketEvent, TicketLink


def allocate_numbers(created: list[datetime]) -> list[str]:
    """Number tickets per year in creation order, continuing (and advancing) TicketCounter."""
    prefix = current_app.config["TICKET_NUMBER_PREFIX"]
    counters = {counter.year: counter for counter in db.session.scalars(select(TicketCounter))}
    last = {year: counter.last_number for year, counter in counters.items()}
    numbers = []
    for dt in created:
        last[dt.year] = last.get(dt.year, 0) + 1
        numbers.append(f"{prefix}-{dt.year}-{last[dt.year]:05d}")
    for year, number in last.items():
        if year in counters:
            counters[year].last_number = number
        else:
            db.session.add(TicketCounter(year=year, last_number=number))
    return numbers


def _bulk_insert(table: Table, rows: list[dict]) -> None:
    """An executemany; on PostgreSQL one INSERT ... SELECT FROM json_to_recordset instead.

    psycopg runs an executemany row by row, and quotes array elements in Python;
    one JSON document per batch is parsed by the server in C, several times faster.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        db.session.execute(insert(table), rows)
        return
    columns = [table.c[name] for name in rows[0]]
    payload = cast(bindparam(None, json.dumps(rows, default=_json_value), String), JSON)
    records = func.json_to_recordset(payload).table_valued(
        *(column(c.name, c.type) for c in columns)
    )
    # INSERT ... SELECT skips Python-side defaults, so the constant ones are selected too.
    defaults = [c for c in table.c if c.name not in rows[0] and c.default is not None]
    defaults = [c for c in defaults if c.default.is_scalar]
    source = select(
        *records.render_derived(with_types=True).c,
        *(literal(c.default.arg, c.type) for c in defaults),
    )
    db.session.execute(insert(table).from_select(columns + defaults, source))


def _json_value(value: object) -> str:
    """Dates, timestamps (aware UTC) and amounts as PostgreSQL reads them back from JSON."""
    return value.isoformat() if isinstance(value, date) else str(value)


def write_stories(stories: list[Story]) -> dict[str, int]:
    """Insert the tickets, then their events, comments and links.

    The new ids are read back by number: RETURNING in parameter order would make
    SQLAlchemy insert row by row on SQLite.
    """
    _bulk_insert(Ticket.__table__, [story.row for story in stories])
    numbers = [story.row["number"] for story in stories]
    stmt = select(Ticket.number, Ticket.id).where(Ticket.number.in_(numbers))
    id_by_number = dict(db.session.execute(stmt).all())
    ids = [id_by_number[number] for number in numbers]
    events, comments, links = [], [], []
    for ticket_id, story in zip(ids, stories, strict=True):
        for row in story.events + story.comments:
            row["ticket_id"] = ticket_id
        events += story.events
        comments += story.comments
        links += [
            {"source_id": ticket_id, "target_id": ids[link.pop("target")], **link}
            for link in story.links
        ]
    for model, rows in ((TicketEvent, events), (Comment, comments), (TicketLink, links)):
        if rows:
            _bulk_insert(model.__table__, rows)
    return {"tickets": len(ids), "events": len(events), "comments": len(comments), "links": len(links)}  # fmt: skip
