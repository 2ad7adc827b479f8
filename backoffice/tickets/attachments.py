"""Attachments: checked for size and type, kept in the database, streamed out in chunks.

The bytes live in `attachments.data` (bytea on PostgreSQL, BLOB on SQLite), written in
the same transaction as the ticket event that records them, so every app server on one
database serves every file. Nothing here reads or writes the local disk.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import LargeBinary, func, select
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from backoffice.auth.models import User
from backoffice.errors import Invalid
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.tickets.events import record_event
from backoffice.tickets.models import Attachment, EventKind, Ticket
from backoffice.tickets.workflow import check, check_permitted, unversioned_command

# A download reads this much per statement, so a large file never sits in memory whole.
CHUNK_BYTES = 256 * 1024


def _refused(reason: str, field: str) -> Invalid:
    messages = {
        "too_large": _("The file is too large."),
        "empty": _("The file is empty."),
        "type": _("This type of file is not accepted."),
    }
    return Invalid({field: messages[reason]})


def read_upload(upload: FileStorage, field: str = "file") -> tuple[str, bytes]:
    """A safe file name and the bytes of an upload of an accepted type and size; otherwise
    `Invalid` at `field`. The one rule for every file the app accepts."""
    filename = secure_filename(upload.filename or "") or "attachment"
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in current_app.config["ATTACHMENT_EXTENSIONS"]:
        raise _refused("type", field)
    limit = current_app.config["MAX_ATTACHMENT_BYTES"]
    data = upload.stream.read(limit + 1)
    if not data:
        raise _refused("empty", field)
    if len(data) > limit:
        raise _refused("too_large", field)
    return filename, data


def content_type_of(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def add_attachment(ticket: Ticket, uploader: User, upload: FileStorage) -> Attachment:
    """Check the upload (who, type, size), then store it with its ticket event."""
    check_permitted(uploader, "attach", ticket)
    filename, data = read_upload(upload)
    return store_attachment(ticket, uploader, filename, data)


@unversioned_command
def store_attachment(ticket: Ticket, uploader: User, filename: str, data: bytes) -> Attachment:
    """An attachment carries no version: it is saved whoever moved the ticket meanwhile."""
    check(uploader, "attach", ticket)
    attachment = Attachment(
        ticket_id=ticket.id,
        uploader=uploader,
        filename=filename,
        content_type=content_type_of(filename),
        size_bytes=len(data),
        data=data,
    )
    db.session.add(attachment)
    record_event(ticket, uploader, EventKind.ATTACHMENT, "attachment", None, filename)
    db.session.commit()
    return attachment


@dataclass(frozen=True)
class StoredFile:
    id: int
    filename: str
    content_type: str
    size: int


def stored_file(attachment_id: int) -> StoredFile | None:
    """What a download needs to know before the bytes; None if there are no bytes to send.

    A row without bytes is one whose file was already missing from the disk when the
    files moved into the database.
    """
    row = db.session.execute(
        select(Attachment.filename, Attachment.content_type, func.length(Attachment.data)).where(
            Attachment.id == attachment_id
        )
    ).one_or_none()
    if row is None or row[2] is None:
        return None
    return StoredFile(attachment_id, row[0], row[1], int(row[2]))


def file_chunks(stored: StoredFile) -> Iterator[bytes]:
    """The file's bytes, one `CHUNK_BYTES` slice per statement (SQL `substr` counts from 1)."""
    for offset in range(0, stored.size, CHUNK_BYTES):
        chunk = db.session.scalar(
            select(func.substr(Attachment.data, offset + 1, CHUNK_BYTES, type_=LargeBinary)).where(
                Attachment.id == stored.id
            )
        )
        yield bytes(chunk or b"")
