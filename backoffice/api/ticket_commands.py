"""The API's writes: each one a call into the ticket core, so the rules are the page's.

A workflow move is run through the very form class and handler the ticket page uses
(`workflow.MOVES`), filled from the JSON body instead of a posted form: the same
validators, the same permission checks, the same events and signals.
"""

from __future__ import annotations

from typing import Any

from flask import abort, request
from werkzeug.datastructures import FileStorage, MultiDict

from backoffice.api.schemas import ActionIn, TicketPatch
from backoffice.api.ticket_io import patched_ticket_data
from backoffice.auth.models import User
from backoffice.errors import Invalid
from backoffice.i18n import gettext as _
from backoffice.tickets import workflow
from backoffice.tickets.attachments import add_attachment
from backoffice.tickets.models import Attachment, Comment, Ticket
from backoffice.tickets.queries import ticket_by_number
from backoffice.tickets.service import add_comment, update_ticket


def load(number: str) -> Ticket:
    return ticket_by_number(number[:40]) or abort(404)


def expected_version(ticket: Ticket, required: bool = False) -> int:
    """The version named by `If-Match` ("3", "\"3\"" or W/"3"); without one: the current."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        if required:
            abort(428)
        return ticket.version
    digits = header.removeprefix("W/").strip('"')
    return int(digits) if digits.isdigit() and len(digits) < 10 else -1


def update(number: str, payload: TicketPatch, actor: User) -> Ticket:
    ticket = load(number)
    workflow.require(actor, "edit", ticket)
    version = expected_version(ticket, required=True)
    sets_due_date = "due_date" in payload.model_fields_set
    if sets_due_date and not actor.is_coordinator:
        raise Invalid({"due_date": _("Only a coordinator sets the due date.")})
    due_date = payload.due_date if sets_due_date else ticket.due_date
    update_ticket(ticket, patched_ticket_data(ticket, payload), actor, version, due_date)
    return ticket


def _form_data(payload: ActionIn, version: int) -> MultiDict:
    data: dict[str, Any] = {"version": str(version)}
    for field, value in payload.model_dump(exclude_unset=True).items():
        if field == "defect_gone" and value is not None:
            value = "yes" if value else "no"
        if value is not None:
            data[field] = str(value)
    return MultiDict(data)


def move(number: str, action: str, payload: ActionIn, actor: User) -> Ticket:
    """Take a workflow move with what the JSON says, through the page's form and handler."""
    entry = workflow.MOVES.get(action) or abort(404)
    ticket = load(number)
    workflow.check_permitted(actor, entry.name, ticket)
    assert entry.form is not None and entry.perform is not None
    form = entry.form(formdata=_form_data(payload, expected_version(ticket)), meta={"csrf": False})
    if entry.choices:
        entry.choices(form)
    if not form.validate():
        raise Invalid({name: str(messages[0]) for name, messages in form.errors.items()})
    entry.perform(ticket, actor, form)
    return ticket


def comment(number: str, body: str, actor: User) -> Comment:
    ticket = load(number)
    workflow.check_permitted(actor, "comment", ticket)
    return add_comment(ticket, actor, body)


def attach(number: str, actor: User) -> Attachment:
    ticket = load(number)
    upload = request.files.get("file")
    if not isinstance(upload, FileStorage):
        raise Invalid({"file": _("Please choose a file.")})
    return add_attachment(ticket, actor, upload)
