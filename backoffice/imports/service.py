"""Bulk import: check every row, preview, then import all or nothing, skipping duplicates.

A row is a duplicate when an open ticket (or an earlier row of the file) has its
handoff, reference and billing period: re-importing a file adds nothing. The import
runs in one transaction: any invalid row and nothing is saved. Rows are read and
saved in chunks (numbers allocated per chunk, the session emptied after each), so
memory stays flat however long the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice

from sqlalchemy import delete, select, tuple_

from backoffice.agreements.deadlines import agreements_fixed
from backoffice.auth.models import User
from backoffice.errors import Invalid, NotAllowed
from backoffice.extensions import db
from backoffice.i18n import current_locale
from backoffice.i18n import gettext as _
from backoffice.imports.models import ImportMapping, ImportUpload
from backoffice.imports.reading import Table
from backoffice.imports.rows import FIELDS, Choices, RowCheck, check_row
from backoffice.models import utcnow
from backoffice.tickets.models import OPEN_STATUSES, Ticket
from backoffice.tickets.service import add_ticket, allocate_ticket_numbers

CHUNK = 500
SHOWN_ROWS = 200
MAX_FILE_BYTES = 20 * 1024 * 1024
KEEP_UPLOADS = timedelta(days=1)


@dataclass
class Settings:
    """How to read the file: field → column header, and choices for the whole file."""

    mapping: dict[str, str]
    handoff_id: int | None = None
    category_id: int | None = None


@dataclass
class Outcome:
    total: int = 0
    invalid: int = 0
    duplicates: int = 0
    created: int = 0
    rows: list[RowCheck] = field(default_factory=list)  # the first rows, and rows with errors

    @property
    def valid(self) -> int:
        return self.total - self.invalid - self.duplicates

    def keep(self, row: RowCheck) -> None:
        if len(self.rows) < SHOWN_ROWS and (row.errors or row.duplicate or len(self.rows) < 20):
            self.rows.append(row)


def store_upload(user: User, filename: str, data: bytes) -> ImportUpload:
    if not filename.lower().endswith((".csv", ".xlsx")):
        raise Invalid({"file": _("Upload a CSV or XLSX file.")})
    if not data:
        raise Invalid({"file": _("The file is empty.")})
    if len(data) > MAX_FILE_BYTES:
        raise Invalid({"file": _("The file is too large.")})
    Table(filename, data).headers()  # refuses an unreadable file now, not at the mapping
    upload = ImportUpload(user_id=user.id, filename=filename[:255], data=data)
    db.session.add(upload)
    db.session.commit()
    return upload


def upload_of(upload_id: int, user: User) -> ImportUpload:
    upload = db.session.get(ImportUpload, upload_id)
    if upload is None:
        raise Invalid({"": _("This upload no longer exists; please upload the file again.")})
    if upload.user_id != user.id:
        raise NotAllowed()
    return upload


def remembered_mapping(user: User, table: Table) -> dict[str, str]:
    """The mapping this user chose last for this layout, else columns named like fields."""
    stored = db.session.scalar(
        select(ImportMapping.mapping).where(
            ImportMapping.user_id == user.id, ImportMapping.layout_hash == table.layout_hash()
        )
    )
    headers = table.headers()
    if stored:
        return {k: v for k, v in json.loads(stored).items() if v in headers}
    by_name = {h.casefold(): h for h in headers}
    guesses = {name: by_name.get(name.replace("_", " ")) or by_name.get(str(label).casefold())
               for name, label in FIELDS.items()}  # fmt: skip
    return {name: header for name, header in guesses.items() if header}


def _remember(user: User, table: Table, mapping: dict[str, str]) -> None:
    layout = table.layout_hash()
    row = db.session.scalar(
        select(ImportMapping).where(
            ImportMapping.user_id == user.id, ImportMapping.layout_hash == layout
        )
    )
    if row is None:
        row = ImportMapping(user_id=user.id, layout_hash=layout)
        db.session.add(row)
    row.mapping = json.dumps(mapping, sort_keys=True)


def _open_keys(rows: list[RowCheck]) -> set[tuple[int, str, str | None]]:
    """Which of these rows' keys an open ticket has already (one statement per chunk)."""
    refs = {row.key for row in rows if row.key}
    if not refs:
        return set()
    found = db.session.execute(
        select(Ticket.handoff_id, Ticket.external_reference, Ticket.billing_period).where(
            Ticket.status.in_(OPEN_STATUSES),
            tuple_(Ticket.handoff_id, Ticket.external_reference).in_([k[:2] for k in refs]),
        )
    )
    return {tuple(row) for row in found}  # type: ignore[misc]


def _checked(table: Table, settings: Settings) -> Iterator[list[RowCheck]]:
    choices = Choices.load(settings.handoff_id, settings.category_id, current_locale())
    mapping = {k: v for k, v in settings.mapping.items() if k in FIELDS}
    seen: set[tuple[int, str, str | None]] = set()
    rows = table.rows()
    while chunk := [check_row(line, cells, mapping, choices) for line, cells in islice(rows, CHUNK)]:  # fmt: skip
        existing = _open_keys(chunk)
        for row in chunk:
            if row.key is not None and (row.key in existing or row.key in seen):
                row.duplicate = True
            elif row.key is not None:
                seen.add(row.key)
        yield chunk


def preview(upload: ImportUpload, settings: Settings, user: User) -> Outcome:
    """Every row checked, nothing saved but the mapping (remembered for this layout)."""
    table = Table(upload.filename, upload.data)
    outcome = Outcome()
    for chunk in _checked(table, settings):
        for row in chunk:
            outcome.total += 1
            outcome.invalid += bool(row.errors)
            outcome.duplicates += row.duplicate
            outcome.keep(row)
    _remember(user, table, settings.mapping)
    db.session.commit()
    return outcome


def run_import(upload: ImportUpload, settings: Settings, user: User) -> Outcome:
    """Import every new row in one transaction, or nothing when any row is invalid."""
    if upload.imported_dt is not None:
        raise Invalid({"": _("This file was imported already.")})
    table, outcome, upload_id = Table(upload.filename, upload.data), Outcome(), upload.id
    with agreements_fixed():
        user = _import_rows(table, settings, outcome, user.id)
    if outcome.invalid:
        db.session.rollback()
        raise RowsInvalid(outcome)
    stored = db.session.get(ImportUpload, upload_id)
    stored.imported_dt, stored.created_count = utcnow(), outcome.created  # type: ignore[union-attr]
    stored.duplicate_count = outcome.duplicates  # type: ignore[union-attr]
    _remember(user, table, settings.mapping)
    db.session.commit()
    return outcome


def _import_rows(table: Table, settings: Settings, outcome: Outcome, user_id: int) -> User:
    """Add the new rows' tickets chunk by chunk (flushed, then let go); count every row."""
    now = utcnow()
    user = db.session.get(User, user_id)
    for chunk in _checked(table, settings):
        new = [row for row in chunk if row.data is not None and not row.duplicate]
        numbers = allocate_ticket_numbers(now.year, len(new)) if new else []
        with db.session.no_autoflush:  # the listeners' reads need none of the new rows
            for row, number in zip(new, numbers, strict=True):
                add_ticket(row.data, user, number, now)  # type: ignore[arg-type]
        for row in chunk:
            outcome.total += 1
            outcome.invalid += bool(row.errors)
            outcome.duplicates += row.duplicate
            outcome.keep(row)
        outcome.created += len(new)
        db.session.flush()
        db.session.expunge_all()  # flat memory: the chunk's tickets are written, let them go
        user = db.session.get(User, user_id)
    return user  # type: ignore[return-value]


class RowsInvalid(Invalid):
    """Some rows cannot be imported: nothing was. `outcome` shows which and why."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__({"": _("%(n)d rows have errors; nothing was imported.", n=outcome.invalid)})  # fmt: skip
        self.outcome = outcome
        self.problem_members = {"rows": [row_json(row) for row in outcome.rows if row.errors]}


def row_json(row: RowCheck) -> dict[str, object]:
    return {"line": row.line, "duplicate": row.duplicate, "errors": row.errors}


def forget_old_uploads() -> int:
    """The scheduler job: delete uploads older than a day (idempotent)."""
    cutoff = utcnow() - KEEP_UPLOADS
    deleted = db.session.execute(delete(ImportUpload).where(ImportUpload.created_dt < cutoff))
    db.session.commit()
    return deleted.rowcount or 0
