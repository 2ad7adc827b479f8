"""Facts the app holds, shown next to a criterion so a self-assessment reads against evidence.

A small registry, per application: `evidence_providers.add(app, criterion_key, fn)`,
where `fn(function, until_dt)` returns a list of `Evidence` lines (or an empty list)
about the twelve months up to `until_dt`. Two come with this package: the achievement
share next to "agreements kept", and the defects caused and repeating causes next to
"handoffs are clear". Survey scores ("customer_feedback") and the share of checked
preventive actions ("follow_up_measures") plug in the same way from their own features.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import func, select

from backoffice.agreements.figures import Bucket, counts
from backoffice.agreements.formatting import percent
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.org.models import Function, Handoff
from backoffice.templating import format_number, pick_text
from backoffice.tickets.figures import reported_in
from backoffice.tickets.models import PickListItem, Ticket

WINDOW = timedelta(days=365)
REPEATS_FROM = 3  # a cause reported this often in the window is "repeating"


@dataclass(frozen=True)
class Evidence:
    label: str
    value: str


Provider = Callable[[Function, datetime], list[Evidence]]


class EvidenceProviders:
    """criterion key → providers, kept in `app.extensions` like the extension points."""

    def _registry(self, app: Flask) -> dict[str, dict[str, Provider]]:
        return app.extensions.setdefault("backoffice.assessment_evidence", {})

    def add(self, app: Flask, criterion_key: str, provider: Provider, name: str = "") -> None:
        """Register (or replace) a provider; `name` tells several on one criterion apart."""
        self._registry(app).setdefault(criterion_key, {})[name or provider.__name__] = provider

    def lines(self, criterion_key: str, function: Function, until: datetime) -> list[Evidence]:
        providers = self._registry(current_app).get(criterion_key, {})
        return [line for provider in providers.values() for line in provider(function, until)]


evidence_providers = EvidenceProviders()


def agreements_kept(function: Function, until: datetime) -> list[Evidence]:
    """Met ÷ (met + breached) of the function's service agreements in the last twelve months."""
    figures = counts([Bucket("year", until - WINDOW, until)], function.id).get(
        (function.id, "year")
    )
    if figures is None or not figures.measured:
        return [Evidence(_("Service agreements"), _("nothing measured in the last 12 months"))]
    text = _("%(share)s met (%(met)s of %(measured)s), last 12 months",
             share=percent(figures.share), met=format_number(figures.met),
             measured=format_number(figures.measured))  # fmt: skip
    return [Evidence(_("Service agreements"), text)]


def handoffs_clear(function: Function, until: datetime) -> list[Evidence]:
    """Defects reported at the handoffs this function passes on, and the causes that repeat."""
    caused = (
        select(Ticket.category_id, func.count(Ticket.id).label("n"))
        .join(Handoff, Handoff.id == Ticket.handoff_id)
        .where(Handoff.from_function_id == function.id, *reported_in(until - WINDOW, until))
        .group_by(Ticket.category_id)
    )
    rows = db.session.execute(caused).all()
    total = sum(n for _cat, n in rows)
    lines = [Evidence(_("Defects caused"), _("%(count)s in the last 12 months",
                                             count=format_number(total)))]  # fmt: skip
    repeating = sorted(((n, cat) for cat, n in rows if n >= REPEATS_FROM), reverse=True)
    if repeating:
        items = {i.id: i for i in db.session.scalars(
            select(PickListItem).where(PickListItem.id.in_([c for _n, c in repeating]))
        )}  # fmt: skip
        text = ", ".join(f"{pick_text(items.get(c))} ({format_number(n)})" for n, c in repeating)
        lines.append(Evidence(_("Repeating causes"), text))
    else:
        lines.append(Evidence(_("Repeating causes"), _("none")))
    return lines


def register_evidence(app: Flask) -> None:
    evidence_providers.add(app, "agreements_kept", agreements_kept)
    evidence_providers.add(app, "handoffs_clear", handoffs_clear)


def evidence_for(criteria_keys: list[str], function: Function, until: datetime) -> dict:
    """criterion key → its evidence lines, for the criteria that have any."""
    found = {key: evidence_providers.lines(key, function, until) for key in criteria_keys}
    return {key: lines for key, lines in found.items() if lines}
