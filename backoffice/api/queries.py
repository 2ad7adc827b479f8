"""Reads the API needs beyond the ticket list: comments and files of one ticket."""

from __future__ import annotations

from typing import Any

from flask import abort, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from backoffice.extensions import db
from backoffice.tickets.attachments import StoredFile, stored_file
from backoffice.tickets.models import Attachment, Comment, Ticket


def comments_json(ticket: Ticket) -> list[dict[str, Any]]:
    comments = db.session.scalars(
        select(Comment)
        .options(joinedload(Comment.author))
        .where(Comment.ticket_id == ticket.id)
        .order_by(Comment.created_dt, Comment.id)
    )
    return [
        {
            "id": c.id,
            "author": {"id": c.author.id, "name": c.author.name},
            "body": c.body,
            "created_dt": c.created_dt,
        }
        for c in comments
    ]


def attachments_json(ticket: Ticket | int, only: int | None = None) -> list[dict[str, Any]]:
    ticket_id = ticket if isinstance(ticket, int) else ticket.id
    rows = db.session.execute(
        select(
            Attachment.id,
            Attachment.filename,
            Attachment.content_type,
            Attachment.size_bytes,
            Attachment.created_dt,
            Ticket.number,
        )  # fmt: skip
        .join(Ticket, Ticket.id == Attachment.ticket_id)
        .where(Attachment.ticket_id == ticket_id, *([Attachment.id == only] if only else []))
        .order_by(Attachment.created_dt, Attachment.id)
    )
    return [
        {
            "id": row.id,
            "filename": row.filename,
            "content_type": row.content_type,
            "size_bytes": row.size_bytes,
            "created_dt": row.created_dt,
            "url": url_for(
                "api.download_attachment", number=row.number, attachment_id=row.id, _external=True
            ),
        }
        for row in rows
    ]


def stored_attachment(ticket: Ticket, attachment_id: int) -> StoredFile:
    """The file of this ticket with this id, or 404 (an id of another ticket's file too)."""
    owner_id = db.session.scalar(select(Attachment.ticket_id).where(Attachment.id == attachment_id))
    stored = stored_file(attachment_id) if owner_id == ticket.id else None
    return stored or abort(404)
