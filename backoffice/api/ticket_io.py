"""Tickets as the API shows them, requests read into the core's data, the cursor.

The API reads and writes through the ticket core (`tickets.service`, `tickets.workflow`,
`tickets.filters`, `tickets.queries`), so the same rules hold as on the pages; this module
only translates between JSON and those functions.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import and_, or_
from werkzeug.datastructures import MultiDict

from backoffice.api.schemas import TicketIn, TicketPatch
from backoffice.auth.models import User
from backoffice.errors import Invalid
from backoffice.extensions import db
from backoffice.i18n import current_locale
from backoffice.i18n import gettext as _
from backoffice.org.models import Function, Handoff
from backoffice.tickets import workflow
from backoffice.tickets.filters import TicketFilter
from backoffice.tickets.models import PickListItem, PickListKind, Ticket
from backoffice.tickets.queries import rows_of_page
from backoffice.tickets.service import TicketData

# The API's sort keys: each a NOT NULL column, so a cursor is (value, id).
CURSOR_COLUMNS = {
    "created": Ticket.created_dt,
    "number": Ticket.number,
    "activity": Ticket.last_activity_dt,
}


def ref(thing: Any) -> dict[str, Any] | None:  # noqa: ANN401
    return None if thing is None else {"id": thing.id, "name": thing.name}


def ticket_json(ticket: Ticket) -> dict[str, Any]:
    """The list's view of a ticket: what its row shows (long texts left out)."""
    return {
        "number": ticket.number,
        "title": ticket.title,
        "status": ticket.status.value,
        "severity": ticket.severity.value,
        "handoff": ref(ticket.handoff),
        "from_function": ref(ticket.handoff.from_function),
        "to_function": ref(ticket.handoff.to_function),
        "category": {
            "id": ticket.category.id,
            "code": ticket.category.code,
            "label": ticket.category.label_for(current_locale()),
        },
        "owner": ref(ticket.owner),
        "reporter_id": ticket.reporter_id,
        "found_in_function_id": ticket.found_in_function_id,
        "external_reference": ticket.external_reference,
        "billing_period": ticket.billing_period,
        "impact_amount": None if ticket.impact_amount is None else str(ticket.impact_amount),
        "impact_currency": ticket.impact_currency,
        "records_affected": ticket.records_affected,
        "due_date": ticket.due_date,
        "created_dt": ticket.created_dt,
        "last_activity_dt": ticket.last_activity_dt,
        "resolved_dt": ticket.resolved_dt,
        "closed_dt": ticket.closed_dt,
        "version": ticket.version,
        "url": url_for("api.get_ticket", number=ticket.number, _external=True),
    }


def ticket_detail_json(ticket: Ticket, user: User) -> dict[str, Any]:
    return {
        **ticket_json(ticket),
        "description": ticket.description,
        "root_cause_id": ticket.root_cause_id,
        "cause_analysis": ticket.cause_analysis,
        "corrective_action": ticket.corrective_action,
        "preventive_action": ticket.preventive_action,
        "no_prevention_reason": ticket.no_prevention_reason,
        "no_prevention_note": ticket.no_prevention_note,
        "rating": ticket.rating,
        "status_reason": ticket.status_reason,
        "allowed_actions": sorted(workflow.allowed_actions(user, ticket)),
    }


def etag(ticket: Ticket) -> str:
    return f'"{ticket.version}"'


def _lookup(data: dict[str, Any]) -> dict[str, Any]:
    """The objects the ids name, refused at their field when missing or inactive."""
    errors, found = {}, {}
    if "handoff_id" in data:
        handoff = db.session.get(Handoff, data["handoff_id"])
        if handoff is None or not handoff.is_active:
            errors["handoff_id"] = _("Please choose a handoff.")
        found["handoff"] = handoff
    if "category_id" in data:
        category = db.session.get(PickListItem, data["category_id"])
        if category is None or category.kind != PickListKind.CATEGORY or not category.is_active:
            errors["category_id"] = _("Please choose a category.")
        found["category"] = category
    if data.get("found_in_function_id") and not db.session.get(
        Function, data["found_in_function_id"]
    ):
        errors["found_in_function_id"] = _("No function has this id.")
    if errors:
        raise Invalid(errors)
    return found


def new_ticket_data(payload: TicketIn) -> TicketData:
    data = payload.model_dump()
    found = _lookup(data)
    return TicketData(
        title=data["title"],
        description=data["description"],
        handoff=found["handoff"],
        category=found["category"],
        severity=data["severity"],
        found_in_function_id=data["found_in_function_id"],
        external_reference=data["external_reference"],
        billing_period=data["billing_period"],
        impact_amount=data["impact_amount"],
        impact_currency=data["impact_currency"],
        records_affected=data["records_affected"],
    )


def patched_ticket_data(ticket: Ticket, payload: TicketPatch) -> TicketData:
    """The ticket's data with the fields sent replaced (an explicit null clears a field)."""
    sent = payload.model_dump(exclude_unset=True)
    for field in ("title", "description", "handoff_id", "category_id", "severity"):
        if field in sent and sent[field] is None:
            raise Invalid({field: _("This field cannot be empty.")})
    found = _lookup(sent)
    current = {
        "title": ticket.title,
        "description": ticket.description,
        "handoff": ticket.handoff,
        "category": ticket.category,
        "severity": ticket.severity,
        "found_in_function_id": ticket.found_in_function_id,
        "external_reference": ticket.external_reference,
        "billing_period": ticket.billing_period,
        "impact_amount": ticket.impact_amount,
        "impact_currency": ticket.impact_currency,
        "records_affected": ticket.records_affected,
    }
    for looked_up in ("handoff_id", "category_id", "due_date"):  # objects, or not TicketData's
        sent.pop(looked_up, None)
    current.update(found)
    current.update(
        {k: ("" if k == "external_reference" and v is None else v) for k, v in sent.items()}
    )
    return TicketData(**current)


def encode_cursor(sort: str, ticket: Ticket) -> str:
    value = getattr(ticket, CURSOR_COLUMNS[sort.lstrip("-")].key)
    raw = json.dumps([sort, value.isoformat() if isinstance(value, datetime) else value, ticket.id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _after_cursor(sort: str, cursor: str) -> Any:  # noqa: ANN401
    """The condition "after this row" in the list's order; a foreign cursor is a 422."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, value, last_id = json.loads(raw)
        if cursor_sort != sort or not isinstance(last_id, int) or not isinstance(value, str):
            raise ValueError(cursor_sort)
        column = CURSOR_COLUMNS[sort.lstrip("-")]
        if column is not Ticket.number:
            value = datetime.fromisoformat(value)
    except (ValueError, TypeError, KeyError):
        raise Invalid({"cursor": _("This cursor is not valid for this list.")}) from None
    if sort.startswith("-"):
        return or_(column < value, and_(column == value, Ticket.id < last_id))
    return or_(column > value, and_(column == value, Ticket.id > last_id))


def list_page(args: MultiDict, sort: str, limit: int, cursor: str | None) -> tuple[list[Ticket], str | None]:  # fmt: skip
    """One page of the filtered list after `cursor`, and the cursor of the next page.

    Same filters as the list page (`TicketFilter`); one statement, however many tickets.
    """
    flt = TicketFilter.from_args(args)
    flt.sort = sort
    where = flt.conditions()
    if cursor:
        where.append(_after_cursor(sort, cursor))
    rows = list(db.session.scalars(rows_of_page(where, flt.order_by(), limit + 1)).unique())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(sort, rows[-1]) if more else None
