"""The ticket page, shared by the views that show it: fresh, or again with a failed form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, render_template, request
from flask_login import current_user

from backoffice.extension_points import ticket_panels
from backoffice.form_submission import form_status
from backoffice.tickets import workflow
from backoffice.tickets.models import Ticket
from backoffice.tickets.queries import (
    join_in_written_order,
    ticket_attachments,
    ticket_by_number,
    ticket_links,
    ticket_to_show,
)
from backoffice.tickets.timeline import TimelineView, ticket_timeline


def load_ticket(number: str, find: Callable[[str], Ticket | None] = ticket_by_number) -> Ticket:
    """The ticket with this number, or 404."""
    ticket = find(number)
    if ticket is None:
        abort(404)
    return ticket


def load_ticket_to_show(number: str) -> Ticket:
    """`load_ticket` for a request that only shows the page: its statements are all
    lookups by key, which PostgreSQL plans faster in the order written, and nothing is
    added to the ticket before it is shown (so whether it has links stays true)."""
    join_in_written_order()
    return load_ticket(number, ticket_to_show)


def render_ticket(ticket: Ticket, failed: tuple[str, Any] | None = None):  # noqa: ANN201
    """The ticket with a fresh form per action the user may take now.

    `failed` is (action name, form) of a submit that was refused: that form is shown
    open with the input kept, and the page answers with its status (400 or 409).
    """
    allowed = workflow.allowed_actions(current_user, ticket)
    forms = {
        name: action.new_form(ticket)
        for name, action in workflow.ACTIONS.items()
        if name in allowed and action.form is not None
    }
    if failed:
        forms[failed[0]] = failed[1]
    buttons = [action for name, action in workflow.MOVES.items() if name in forms]
    view = TimelineView.parse(request.args.get("show"))
    return render_template(
        "tickets/detail.html",
        ticket=ticket,
        allowed=allowed,
        forms=forms,
        buttons=buttons,
        open_form=failed[0] if failed else None,
        timeline=ticket_timeline(ticket, view),
        timeline_view=view,
        timeline_views=TimelineView,
        attachments=ticket_attachments(ticket),
        links=ticket_links(ticket),
        panels=ticket_panels.fill(ticket, current_user),
    ), form_status(failed[1]) if failed else 200
