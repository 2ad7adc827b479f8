"""The ticket endpoints of /api/v1: thin views over `ticket_io` and `ticket_commands`."""

from __future__ import annotations

from flask import Response, request, stream_with_context, url_for
from flask_login import current_user

from backoffice.api import ticket_commands as commands
from backoffice.api.idempotency import idempotent
from backoffice.api.openapi import api_doc, responses
from backoffice.api.queries import attachments_json, comments_json, stored_attachment
from backoffice.api.schemas import (
    ActionIn,
    AttachmentList,
    AttachmentOut,
    AttachmentUpload,
    CommentIn,
    CommentList,
    CommentOut,
    IdempotencyHeader,
    IfMatch,
    IfMatchRequired,
    TicketDetail,
    TicketIn,
    TicketList,
    TicketPatch,
    TicketQuery,
)
from backoffice.api.ticket_io import (
    etag,
    list_page,
    new_ticket_data,
    ticket_detail_json,
    ticket_json,
)
from backoffice.tickets.attachments import file_chunks
from backoffice.tickets.service import create_ticket as report_ticket

TICKETS = ("tickets",)


def _detail(ticket, status: int = 200):  # noqa: ANN001, ANN202
    headers = {"ETag": etag(ticket)}
    if status == 201:
        headers["Location"] = url_for("api.get_ticket", number=ticket.number, _external=True)
    return ticket_detail_json(ticket, current_user), status, headers


@api_doc(responses(200, TicketList, 422), TICKETS)
def list_tickets(query: TicketQuery):  # noqa: ANN201
    """List tickets: the list page's filters, a page after `cursor`."""
    items, next_cursor = list_page(request.args, query.sort, query.limit, query.cursor)
    return {"items": [ticket_json(t) for t in items], "next_cursor": next_cursor}


@api_doc(responses(200, TicketDetail, 404), TICKETS)
def get_ticket(number: str):  # noqa: ANN201
    """One ticket; its `ETag` is the version to send back as `If-Match`."""
    return _detail(commands.load(number))


@idempotent
@api_doc(responses(201, TicketDetail, 409, 415, 422), TICKETS, json=True)
def create_ticket(json: TicketIn, headers: IdempotencyHeader):  # noqa: ANN201
    """Report a ticket, as the report form does; `Idempotency-Key` makes retries safe."""
    return _detail(report_ticket(new_ticket_data(json), current_user), 201)


@api_doc(responses(200, TicketDetail, 404, 409, 412, 415, 422, 428), TICKETS, json=True)
def update_ticket(number: str, json: TicketPatch, headers: IfMatchRequired):  # noqa: ANN201
    """Change the fields the caller may edit; `If-Match` is required (412 when stale)."""
    return _detail(commands.update(number, json, current_user))


@api_doc(responses(200, TicketDetail, 404, 409, 412, 415, 422), TICKETS, json=True)
def take_action(number: str, action: str, json: ActionIn, headers: IfMatch):  # noqa: ANN201
    """A workflow move (assign, start, resolve, close, …) with the ticket page's rules."""
    return _detail(commands.move(number, action, json, current_user))


@api_doc(responses(200, CommentList, 404), TICKETS)
def list_comments(number: str):  # noqa: ANN201
    """The ticket's comments, oldest first."""
    return {"items": comments_json(commands.load(number))}


@idempotent
@api_doc(responses(201, CommentOut, 404, 409, 415, 422), TICKETS, json=True)
def add_comment(number: str, json: CommentIn, headers: IdempotencyHeader):  # noqa: ANN201
    """Add a comment (everyone taking part in the ticket may)."""
    comment = commands.comment(number, json.body, current_user)
    return {"id": comment.id, "author": {"id": current_user.id, "name": current_user.name},
            "body": comment.body, "created_dt": comment.created_dt}, 201  # fmt: skip


@api_doc(responses(200, AttachmentList, 404), TICKETS)
def list_attachments(number: str):  # noqa: ANN201
    """The ticket's files (without their bytes)."""
    return {"items": attachments_json(commands.load(number))}


@idempotent
@api_doc(responses(201, AttachmentOut, 404, 409, 413, 415, 422), TICKETS, form=AttachmentUpload)
def upload_attachment(number: str, headers: IdempotencyHeader):  # noqa: ANN201
    """Attach a file (multipart field `file`); type and size as on the ticket page."""
    attachment = commands.attach(number, current_user)
    return attachments_json(attachment.ticket_id, only=attachment.id)[0], 201


@api_doc(responses(200, None, 404), TICKETS)
def download_attachment(number: str, attachment_id: int):  # noqa: ANN201
    """The file's bytes, streamed."""
    stored = stored_attachment(commands.load(number), attachment_id)
    response = Response(stream_with_context(file_chunks(stored)), mimetype=stored.content_type)
    response.content_length = stored.size
    response.headers.set("Content-Disposition", "attachment", filename=stored.filename)
    return response
