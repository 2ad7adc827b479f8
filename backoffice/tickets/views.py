"""Ticket pages: My work, the list and its CSV export, reporting, detail and editing.

Status changes, comments, attachments and links are posted to action_views.py.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from backoffice.extensions import db
from backoffice.org.models import Handoff
from backoffice.org.service import function_choices, list_handoffs, owner_choices
from backoffice.tickets.export import csv_lines
from backoffice.tickets.forms import TicketForm
from backoffice.tickets.models import PickListItem, PickListKind, Severity, Status, Ticket
from backoffice.tickets.picklists import pick_list, pick_list_choices
from backoffice.tickets.queries import TicketFilter, list_tickets, my_work, ticket_by_number
from backoffice.tickets.service import TicketData, create_ticket, update_ticket
from backoffice.tickets.workflow import Action, ActionNotAllowed, ChangedMeanwhile, WrongStatus, can

tickets_bp = Blueprint("tickets", __name__)


def locale() -> str:
    return str(get_locale() or "en")


def load_ticket(number: str) -> Ticket:
    ticket = ticket_by_number(number)
    if ticket is None:
        abort(404)
    return ticket


@tickets_bp.route("/", endpoint="my_work")
@login_required
def my_work_page():  # noqa: ANN201
    from backoffice.meetings.service import open_actions_for

    return render_template(
        "tickets/my_work.html",
        sections=my_work(current_user),
        actions=open_actions_for(current_user),
    )


@tickets_bp.route("/tickets/")
@login_required
def ticket_list():  # noqa: ANN201
    flt = TicketFilter.from_args(request.args, current_app.config["TICKETS_PER_PAGE"])
    return render_template(
        "tickets/list.html",
        result=list_tickets(flt),
        flt=flt,
        handoffs=list_handoffs(),
        functions=function_choices(active_only=False),
        owners=owner_choices(),
        categories=pick_list(PickListKind.CATEGORY, active_only=False),
        statuses=list(Status),
        severities=list(Severity),
    )


@tickets_bp.route("/tickets/export.csv")
@login_required
def export_csv():  # noqa: ANN201
    flt = TicketFilter.from_args(request.args)
    response = Response(stream_with_context(csv_lines(flt)), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="tickets.csv"'
    return response


def _handoff_groups(preferred_function_id: int | None) -> dict[str, list[tuple[int, str]]]:
    """Handoffs grouped by "from → to"; those into the reporter's function come first."""
    groups: dict[str, list[tuple[int, str]]] = {}
    handoffs = sorted(
        list_handoffs(active_only=True),
        key=lambda h: (h.to_function_id != preferred_function_id, h.to_function.name),
    )
    for handoff in handoffs:
        label = f"{handoff.from_function.name} → {handoff.to_function.name}"
        groups.setdefault(label, []).append((handoff.id, handoff.name))
    return groups


def _ticket_form(ticket: Ticket | None = None) -> TicketForm:
    form = TicketForm(obj=ticket)
    function_id = ticket.found_in_function_id if ticket else current_user.function_id
    form.set_choices(
        function_choices(),
        _handoff_groups(function_id),
        pick_list_choices(PickListKind.CATEGORY, locale()),
    )
    if not form.is_submitted():
        if ticket is None:
            form.found_in_function_id.data = current_user.function_id or 0
            form.impact_currency.data = current_app.config["DEFAULT_CURRENCY"]
        else:
            form.severity.data = ticket.severity.value
            form.found_in_function_id.data = ticket.found_in_function_id or 0
            form.version.data = str(ticket.version)
    return form


def _ticket_data(form: TicketForm) -> TicketData | None:
    """Turn a valid form into TicketData; None (with a field error) if a choice vanished."""
    handoff = db.session.get(Handoff, form.handoff_id.data)
    category = db.session.get(PickListItem, form.category_id.data)
    if handoff is None:
        form.handoff_id.errors.append(_("Please choose a handoff."))
    if category is None or category.kind != PickListKind.CATEGORY:
        form.category_id.errors.append(_("Please choose a category."))
        return None
    if handoff is None:
        return None
    return TicketData(
        title=form.title.data,
        description=form.description.data,
        handoff=handoff,
        category=category,
        severity=Severity(form.severity.data),
        found_in_function_id=form.found_in_function_id.data or None,
        external_reference=form.external_reference.data or "",
        billing_period=form.billing_period.data or None,
        impact_amount=form.impact_amount.data,
        impact_currency=form.impact_currency.data,
        records_affected=form.records_affected.data,
    )


@tickets_bp.route("/tickets/new", methods=["GET", "POST"])
@login_required
def report():  # noqa: ANN201
    form = _ticket_form()
    if form.validate_on_submit() and (data := _ticket_data(form)):
        ticket = create_ticket(data, current_user)
        flash(_("Thank you. Ticket %(number)s is reported.", number=ticket.number), "success")
        return redirect(url_for("tickets.detail", number=ticket.number))
    return render_template("tickets/report.html", form=form), 400 if form.errors else 200


@tickets_bp.route("/tickets/<number>/edit", methods=["GET", "POST"])
@login_required
def edit(number: str):  # noqa: ANN201
    ticket = load_ticket(number)
    if not can(current_user, Action.EDIT, ticket):
        abort(403)
    form = _ticket_form(ticket)
    if form.validate_on_submit() and (data := _ticket_data(form)):
        try:
            update_ticket(ticket, data, current_user, _version(form), form.due_date.data)
        except ChangedMeanwhile:
            db.session.rollback()
            ticket = load_ticket(number)
            form.version.data = str(ticket.version)  # saving again now overwrites, knowingly
            flash(_changed_meanwhile_message(), "error")
            return render_template(
                "tickets/edit.html", form=form, ticket=ticket, conflict=True
            ), 409
        except (ActionNotAllowed, WrongStatus):
            abort(403)
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("tickets.detail", number=ticket.number))
    return render_template(
        "tickets/edit.html", form=form, ticket=ticket
    ), 400 if form.errors else 200


def _version(form: object) -> int:
    try:
        return int(form.version.data)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return -1  # a form without a version is treated as stale


def _changed_meanwhile_message() -> str:
    return _(
        "Someone else changed this ticket while you were editing. Your text is kept below; "
        "please check the current ticket and save again."
    )


from backoffice.tickets import action_views  # noqa: E402, F401  (registers the action routes)
