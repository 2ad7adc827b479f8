"""Ids and numbers from URLs and query strings, bounded to what the database can hold.

An id past the database's integer range (`/attachments/99999999999999999999`) must be
"no such thing", not an overflow inside the database driver: the `int` URL converter is
replaced app-wide by one that matches only ids the database can store, so such a URL
is a 404 before any view runs. Query parameters go through `id_arg`, which answers None
for anything that is not such an id (the page then falls back to its default).
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.routing import IntegerConverter

MAX_DATABASE_ID = 2**31 - 1  # INTEGER primary keys: PostgreSQL's int4, SQLite's rowid fits


class DatabaseIdConverter(IntegerConverter):
    """`<int:x>` that matches 0 … 2³¹−1 only (no sign, no overflow)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002, ANN001, ANN002, ANN003
        kwargs.setdefault("max", MAX_DATABASE_ID)
        super().__init__(map, *args, **kwargs)


def database_id(text: str) -> int:
    """An id as the database can hold it; ValueError for anything else (ASCII digits only)."""
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        raise ValueError(f"not an id: {text!r}")
    value = int(text)
    if not 0 < value <= MAX_DATABASE_ID:
        raise ValueError(f"id out of range: {text!r}")
    return value


def id_arg(name: str) -> int | None:
    """The query parameter `name` as a database id, or None when missing or unreadable."""
    return request.args.get(name, type=database_id)


def init_request_values(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIdConverter
