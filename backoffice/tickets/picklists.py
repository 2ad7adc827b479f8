"""Configurable pick-lists (defect categories, root-cause categories)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select

from backoffice.audit import create_audited, update_audited
from backoffice.auth.models import User
from backoffice.errors import Invalid
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.tickets.models import PickListItem, PickListKind


@dataclass
class PickListData:
    label_en: str
    label_de: str = ""
    label_nl: str = ""
    position: int = 0
    is_active: bool = True
    check_after_days: int | None = None

    @classmethod
    def from_form(cls, form: Any) -> PickListData:  # noqa: ANN401
        return cls(
            label_en=form.label_en.data,
            label_de=(form.label_de.data or "").strip(),
            label_nl=(form.label_nl.data or "").strip(),
            position=form.position.data or 0,
            is_active=form.is_active.data,
            check_after_days=form.check_after_days.data,
        )


def pick_list(kind: PickListKind, active_only: bool = True) -> list[PickListItem]:
    stmt = select(PickListItem).where(PickListItem.kind == kind)
    if active_only:
        stmt = stmt.where(PickListItem.is_active.is_(True))
    return list(db.session.scalars(stmt.order_by(PickListItem.position, PickListItem.label_en)))


def pick_list_choices(kind: PickListKind, locale: str) -> list[tuple[int, str]]:
    return [(item.id, item.label_for(locale)) for item in pick_list(kind)]


def _code_from_label(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:50] or "item"


def save_pick_list_item(
    item: PickListItem | None, kind: PickListKind, data: PickListData, actor: User
) -> PickListItem:
    """Create or change an entry; its code is fixed at creation so reports stay comparable."""
    data.label_en = data.label_en.strip()
    if item is None:
        code = _code_from_label(data.label_en)
        exists = db.session.scalar(
            select(PickListItem.id).where(PickListItem.kind == kind, PickListItem.code == code)
        )
        if exists:
            raise Invalid({"label_en": _("An entry with this label exists already.")})
        item = create_audited(
            PickListItem(kind=kind, code=code, **asdict(data)),
            actor,
            "pick_list_item",
            {"label_en": (None, data.label_en)},
        )
    else:
        update_audited(item, asdict(data), actor, "pick_list_item")
    db.session.commit()
    return item
