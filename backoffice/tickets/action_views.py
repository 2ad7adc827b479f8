"""POST endpoints that act on a ticket: workflow moves, comments, attachments, links.

Each view calls one service or workflow function and redirects; a refused form
re-renders the ticket page with the input kept (see `ticket_page.render_ticket`).
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, stream_with_context, url_for
from flask_login import current_user, login_required

from backoffice.form_submission import submitted
from backoffice.i18n import gettext as _
from backoffice.tickets import workflow
from backoffice.tickets.attachments import add_attachment, file_chunks, stored_file
from backoffice.tickets.models import LinkKind
from backoffice.tickets.queries import ticket_by_number
from backoffice.tickets.service import add_comment, link_tickets
from backoffice.tickets.ticket_page import load_ticket, render_ticket


@login_required
def transition(number: str, action: str):  # noqa: ANN201
    move = workflow.MOVES.get(action) or abort(404)
    ticket = load_ticket(number)
    workflow.check_permitted(current_user, move.name, ticket)
    form = move.new_form(ticket, posted=True)
    if submitted(form, lambda: move.perform(ticket, current_user, form)):  # type: ignore[misc]
        flash(str(move.success), "success")
        return redirect(url_for("tickets.detail", number=ticket.number))
    return render_ticket(ticket, (move.name, form))


@login_required
def comment(number: str):  # noqa: ANN201
    ticket = load_ticket(number)
    workflow.check_permitted(current_user, "comment", ticket)
    form = workflow.ACTIONS["comment"].new_form(ticket, posted=True)
    if submitted(form, lambda: add_comment(ticket, current_user, form.body.data)):
        flash(_("Your comment is added."), "success")
        return redirect(url_for("tickets.detail", number=ticket.number, _anchor="timeline"))
    return render_ticket(ticket, ("comment", form))


@login_required
def upload(number: str):  # noqa: ANN201
    ticket = load_ticket(number)
    workflow.check_permitted(current_user, "attach", ticket)
    form = workflow.ACTIONS["attach"].new_form(ticket, posted=True)
    if submitted(form, lambda: add_attachment(ticket, current_user, form.file.data)):
        flash(_("The file is attached."), "success")
        return redirect(url_for("tickets.detail", number=ticket.number, _anchor="attachments"))
    return render_ticket(ticket, ("attach", form))


@login_required
def download(attachment_id: int):  # noqa: ANN201
    """Stream the file from the database in chunks; every signed-in user may read it."""
    stored = stored_file(attachment_id) or abort(404)
    response = Response(stream_with_context(file_chunks(stored)), mimetype=stored.content_type)
    response.content_length = stored.size
    response.headers.set("Content-Disposition", "attachment", filename=stored.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def link(number: str):  # noqa: ANN201
    ticket = load_ticket(number)
    workflow.require(current_user, "link", ticket)
    form = workflow.ACTIONS["link"].new_form(ticket, posted=True)
    if submitted(
        form,
        lambda: link_tickets(
            ticket, current_user, ticket_by_number(form.target.data), LinkKind(form.kind.data)
        ),
    ):
        flash(_("The tickets are linked."), "success")
        return redirect(url_for("tickets.detail", number=ticket.number))
    return render_ticket(ticket, ("link", form))
