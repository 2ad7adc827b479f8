"""One row of an import file read into the data of a ticket, or the reasons it cannot be.

The clerk maps file columns to fields; handoff and category may instead be one choice
for the whole file. A row needs a title and a reference: the reference, with the
handoff and the billing period, is what tells a defect already reported (a duplicate)
from a new one, so importing the same file twice adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from backoffice.amounts import AmountError, parse_amount
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.i18n import lazy_gettext as _l
from backoffice.org.models import Handoff
from backoffice.tickets.filters import PERIOD_RE
from backoffice.tickets.models import PickListItem, PickListKind, Severity
from backoffice.tickets.service import TicketData

FIELDS = {
    "title": _l("Title"),
    "description": _l("Description"),
    "external_reference": _l("Reference"),
    "handoff": _l("Handoff"),
    "category": _l("Category"),
    "severity": _l("Severity"),
    "billing_period": _l("Billing period"),
    "impact_amount": _l("Financial impact"),
    "records_affected": _l("Records affected"),
}
REQUIRED = ("title", "external_reference")


@dataclass(frozen=True)
class Choices:
    """What a row's names may refer to, read once per import."""

    handoffs: dict[str, Handoff]
    categories: dict[str, PickListItem]
    default_handoff: Handoff | None
    default_category: PickListItem | None
    locale: str

    @classmethod
    def load(cls, handoff_id: int | None, category_id: int | None, locale: str) -> Choices:
        handoffs = {}
        for h in db.session.scalars(select(Handoff).where(Handoff.is_active.is_(True))):
            handoffs[h.name.casefold()], handoffs[str(h.id)] = h, h
        categories = {}
        for c in db.session.scalars(
            select(PickListItem).where(
                PickListItem.kind == PickListKind.CATEGORY, PickListItem.is_active.is_(True)
            )
        ):
            for name in (c.code, c.label_en, c.label_de, c.label_nl, str(c.id)):
                if name:
                    categories[name.casefold()] = c
        return cls(handoffs, categories, handoffs.get(str(handoff_id)),
                   categories.get(str(category_id)), locale)  # fmt: skip


@dataclass
class RowCheck:
    line: int
    shown: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    data: TicketData | None = None
    duplicate: bool = False

    @property
    def key(self) -> tuple[int, str, str | None] | None:
        if self.data is None:
            return None
        return (self.data.handoff.id, self.data.external_reference, self.data.billing_period)


def _text(value: Any) -> str:  # noqa: ANN401
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _period(value: Any) -> str | None:  # noqa: ANN401
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    text = _text(value)
    if text and not PERIOD_RE.match(text):
        raise ValueError(_("Use the form YYYY-MM, e.g. 2026-03."))
    return text or None


def _amount(value: Any, locale: str) -> Decimal | None:  # noqa: ANN401
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return parse_amount(f"{Decimal(str(value)):.2f}", "en")
        except (AmountError, InvalidOperation):
            raise ValueError(_("This amount cannot be read.")) from None
    text = _text(value)
    return parse_amount(text, locale) if text else None


def _count(value: Any) -> int | None:  # noqa: ANN401
    text = _text(value)
    if not text:
        return None
    if not text.isdigit() or int(text) > 10_000_000:
        raise ValueError(_("Give a whole number from 0 to 10,000,000."))
    return int(text)


def _severity(value: Any) -> Severity:  # noqa: ANN401
    text = _text(value).casefold()
    if not text:
        return Severity.MEDIUM
    for severity in Severity:
        if text in (severity.value, severity.label.casefold()):
            return severity
    raise ValueError(_("Use low, medium, high or critical."))


def check_row(line: int, cells: dict[str, Any], mapping: dict[str, str], choices: Choices) -> RowCheck:  # fmt: skip
    """Read one row by the mapping; every problem is kept, at its field."""
    raw = {name: cells.get(column) for name, column in mapping.items() if column}
    row = RowCheck(line, {name: _text(value)[:200] for name, value in raw.items()})
    errors = row.errors
    for name in REQUIRED:
        if not row.shown.get(name):
            errors[name] = _("This field is required.")
    for name, limit in (("title", 200), ("external_reference", 100), ("description", 20000)):
        if len(_text(raw.get(name))) > limit:
            errors[name] = _("At most %(n)d characters.", n=limit)
    handoff = choices.handoffs.get(row.shown["handoff"].casefold()) if row.shown.get("handoff") else choices.default_handoff  # fmt: skip
    category = choices.categories.get(row.shown["category"].casefold()) if row.shown.get("category") else choices.default_category  # fmt: skip
    if handoff is None:
        errors["handoff"] = _("No active handoff has this name.")
    if category is None:
        errors["category"] = _("No active category has this name.")
    parsed: dict[str, Any] = {}
    readers = {
        "billing_period": _period,
        "impact_amount": lambda v: _amount(v, choices.locale),
        "records_affected": _count,
        "severity": _severity,
    }
    for name, read in readers.items():
        try:
            parsed[name] = read(raw.get(name))
        except (ValueError, AmountError) as problem:
            errors[name] = str(problem)
    if errors:
        return row
    row.data = TicketData(
        title=row.shown["title"],
        description=_text(raw.get("description")) or row.shown["title"],
        handoff=handoff,  # type: ignore[arg-type]
        category=category,  # type: ignore[arg-type]
        external_reference=_text(raw.get("external_reference")),
        **parsed,
    )
    return row
