"""How review pages and documents show values: Jinja filters and globals of the feature."""

from __future__ import annotations

from datetime import datetime

from flask import g
from sqlalchemy import select

from backoffice.date_formats import show_long_date, show_time
from backoffice.extensions import db
from backoffice.i18n import current_locale
from backoffice.tickets.models import PickListItem, Severity


def severity_label(value: str) -> str:
    """Label of a severity stored as text (in a frozen agenda)."""
    return Severity(value).label if value in Severity._value2member_map_ else value


def meeting_time(value: datetime) -> str:
    """ "Tuesday, 12 January 2027, 10:00": the full day, the time without seconds or zone name."""
    return f"{show_long_date(value)}, {show_time(value)}"


def pick_text(item_id: int | None, stored: str) -> str:
    """A pick-list label of a frozen agenda in the reader's language. The snapshot keeps the
    item's id beside the label it was published with; older snapshots (no id), and items
    deleted since, print the stored label."""
    if not item_id:
        return stored
    if "agenda_pick_items" not in g:  # one statement per document, not one per row
        g.agenda_pick_items = {item.id: item for item in db.session.scalars(select(PickListItem))}
    item = g.agenda_pick_items.get(item_id)
    return item.label_for(current_locale()) if item else stored
