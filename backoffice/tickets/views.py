"""Ticket pages: the list and its CSV export, reporting, the ticket itself and editing.

Status changes, comments, attachments and links are posted to action_views.py.
"""

from __future__ import annotations

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required

from backoffice.form_submission import form_status, submitted
from backoffice.i18n import gettext as _
from backoffice.tickets import workflow
from backoffice.tickets.actions import form_version
from backoffice.tickets.export import csv_lines, xlsx_export
from backoffice.tickets.filters import TicketFilter
from backoffice.tickets.forms import ticket_form
from backoffice.tickets.list_page import list_page
from backoffice.tickets.saved_view_queries import views_menu
from backoffice.tickets.service import TicketData, create_ticket, update_ticket
from backoffice.tickets.ticket_page import load_ticket, load_ticket_to_show, render_ticket


@login_required
def ticket_list():  # noqa: ANN201
    flt = TicketFilter.from_args(request.args, current_app.config["TICKETS_PER_PAGE"])
    return render_template(
        "tickets/list.html",
        flt=flt,
        views_menu=views_menu(
            current_user, request.args.get("view"), request.query_string.decode()
        ),
        **list_page(flt),
    )


@login_required
def export_csv():  # noqa: ANN201
    flt = TicketFilter.from_args(request.args)
    response = Response(stream_with_context(csv_lines(flt)), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="tickets.csv"'
    return response


@login_required
def export_xlsx():  # noqa: ANN201
    return xlsx_export(TicketFilter.from_args(request.args))


@login_required
def detail(number: str):  # noqa: ANN201
    return render_ticket(load_ticket_to_show(number))


@login_required
def report():  # noqa: ANN201
    form = ticket_form(current_user)
    if ticket := submitted(form, lambda: create_ticket(TicketData.from_form(form), current_user)):
        flash(_("Thank you. Ticket %(number)s is reported.", number=ticket.number), "success")
        return redirect(url_for("tickets.detail", number=ticket.number))
    return render_template("tickets/report.html", form=form), form_status(form)


@login_required
def edit(number: str):  # noqa: ANN201
    ticket = load_ticket(number)
    workflow.require(current_user, "edit", ticket)
    form = ticket_form(current_user, ticket)
    save = lambda: update_ticket(  # noqa: E731
        ticket, TicketData.from_form(form), current_user, form_version(form), form.due_date.data
    )
    if submitted(form, save) is not None:
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("tickets.detail", number=ticket.number))
    status = form_status(form)
    return render_template(
        "tickets/edit.html", form=form, ticket=ticket, conflict=status == 409
    ), status
