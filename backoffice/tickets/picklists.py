"""Configurable pick-lists (defect categories, root-cause categories)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from sqlalchemy import select

from backoffice.audit import diff_fields, record_audit
from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.tickets.models import PickListItem, PickListKind


class DuplicateCode(ValueError):
    pass


@dataclass
class PickListData:
    label_en: str
    label_de: str = ""
    label_nl: str = ""
    position: int = 0
    is_active: bool = True


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
            raise DuplicateCode(code)
        item = PickListItem(kind=kind, code=code, **asdict(data))
        db.session.add(item)
        db.session.flush()
        record_audit(
            actor, "pick_list_item", item.id, "created", {"label_en": (None, data.label_en)}
        )
    else:
        changes = diff_fields(item, asdict(data))
        if changes:
            record_audit(actor, "pick_list_item", item.id, "updated", changes)
    db.session.commit()
    return item
