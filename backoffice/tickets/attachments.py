"""Attachments: checked for size and type, stored outside the web root under random names."""

from __future__ import annotations

import mimetypes
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from backoffice.auth.models import User
from backoffice.errors import Invalid
from backoffice.extensions import db
from backoffice.tickets.events import record_event
from backoffice.tickets.models import Attachment, EventKind, Ticket
from backoffice.tickets.workflow import check


def _refused(reason: str) -> Invalid:
    messages = {
        "too_large": _("The file is too large."),
        "empty": _("The file is empty."),
        "type": _("This type of file is not accepted."),
    }
    return Invalid({"file": messages[reason]})


def storage_dir() -> Path:
    path = Path(current_app.config["ATTACHMENT_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def add_attachment(ticket: Ticket, uploader: User, upload: FileStorage) -> Attachment:
    check(uploader, "attach", ticket)
    filename = secure_filename(upload.filename or "") or "attachment"
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in current_app.config["ATTACHMENT_EXTENSIONS"]:
        raise _refused("type")
    limit = current_app.config["MAX_ATTACHMENT_BYTES"]
    data = upload.stream.read(limit + 1)
    if not data:
        raise _refused("empty")
    if len(data) > limit:
        raise _refused("too_large")
    key = secrets.token_hex(16)
    (storage_dir() / key).write_bytes(data)
    attachment = Attachment(
        ticket_id=ticket.id,
        uploader=uploader,
        filename=filename,
        content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
        size_bytes=len(data),
        storage_key=key,
    )
    db.session.add(attachment)
    record_event(ticket, uploader, EventKind.ATTACHMENT, "attachment", None, filename)
    db.session.commit()
    return attachment


def attachment_path(attachment: Attachment) -> Path:
    return storage_dir() / attachment.storage_key
