"""The ticket list page: its tickets, the filter's choices, and the active filters as chips.

A chip names one active filter ("Status: In progress") and links to the same list
without it, so what is filtered is visible and each filter can be removed alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.i18n import current_locale
from backoffice.i18n import gettext as _
from backoffice.org.service import function_choices, list_handoffs, owner_choices
from backoffice.tickets.filters import TicketFilter
from backoffice.tickets.models import PickListKind, Severity, Status
from backoffice.tickets.picklists import pick_list
from backoffice.tickets.queries import list_tickets


@dataclass(frozen=True)
class Chip:
    name: str  # which filter: "Status"
    value: str  # what it keeps: "In progress"
    remove_args: dict[str, Any]  # the list's URL parameters without it


def list_page(flt: TicketFilter) -> dict[str, Any]:
    """Everything `tickets/list.html` shows besides the filter itself."""
    choices = {
        "handoffs": list_handoffs(),
        "functions": function_choices(active_only=False),
        "owners": owner_choices(),
        "categories": pick_list(PickListKind.CATEGORY, active_only=False),
    }
    return {
        "result": list_tickets(flt),
        "statuses": list(Status),
        "severities": list(Severity),
        "chips": filter_chips(flt, **choices),
        **choices,
    }


def filter_chips(
    flt: TicketFilter,
    handoffs: list[Any],
    functions: list[tuple[int, str]],
    owners: list[tuple[int, str]],
    categories: list[Any],
) -> list[Chip]:
    """The active filters, in the order of the filter bar."""

    def without(**overrides: Any) -> dict[str, Any]:
        return flt.query_args(page=None, **overrides)

    chips = [Chip(_("Search"), f"“{flt.text}”", without(q=None))] if flt.text else []
    chips += [
        Chip(_("Status"), s.label, without(status=[o.value for o in flt.statuses if o != s]))
        for s in flt.statuses
    ]
    chips += [
        Chip(_("Severity"), s.label, without(severity=[o.value for o in flt.severities if o != s]))
        for s in flt.severities
    ]
    function_names = dict(functions)
    names: list[tuple[str, str, int | None, Any]] = [
        ("handoff", _("Handoff"), flt.handoff_id, {h.id: h.label for h in handoffs}),
        ("from_function", _("From function"), flt.from_function_id, function_names),
        ("to_function", _("To function"), flt.to_function_id, function_names),
        ("owner", _("Owner"), flt.owner_id, dict(owners)),
        ("reporter", _("Reporter"), flt.reporter_id, _reporter_names(flt.reporter_id)),
        ("category", _("Category"), flt.category_id, _category_names(categories)),
    ]
    chips += [
        Chip(name, labels.get(value, f"#{value}"), without(**{key: None}))
        for key, name, value, labels in names
        if value is not None
    ]
    if flt.billing_period:
        chips.append(Chip(_("Billing period"), flt.billing_period, without(period=None)))
    if flt.only_open:
        chips.append(Chip(_("Open only"), "", without(open=None)))
    if flt.only_overdue:
        chips.append(Chip(_("Overdue only"), "", without(overdue=None)))
    return chips


def _reporter_names(reporter_id: int | None) -> dict[int, str]:
    """Reporters are anyone (clerks too), so not among the owner choices: one look-up."""
    user = db.session.get(User, reporter_id) if reporter_id is not None else None
    return {user.id: user.name} if user else {}


def _category_names(categories: list[Any]) -> dict[int, str]:
    locale = current_locale()
    return {item.id: item.label_for(locale) for item in categories}
