"""The criteria catalogue and the toolbox: created from the defaults on first use, edited by
administrators without rewriting history.

A version an assessment uses is frozen: editing it copies the whole catalogue into a
new version and changes the copy, so every completed assessment still reads the texts
it was rated against. Edits are recorded in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from backoffice.assessments.defaults import FIELDS, METHODS
from backoffice.assessments.models import (
    LANGUAGES,
    Assessment,
    CatalogueField,
    CatalogueVersion,
    Criterion,
    ToolboxMethod,
)
from backoffice.audit import create_audited, record_audit, update_audited
from backoffice.errors import ChangedMeanwhile, Invalid, NotAllowed
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l

if TYPE_CHECKING:
    from backoffice.auth.models import User

MAX_CRITERIA = 8  # per field: what still fits on the poster


def _localized(prefix: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}_{lang}": texts.get(lang, "") for lang in LANGUAGES}


def _default_catalogue() -> CatalogueVersion:
    version = CatalogueVersion(number=1)
    for f_pos, (key, title, criteria) in enumerate(FIELDS):
        field = CatalogueField(key=key, position=f_pos, **_localized("title", title))
        for c_pos, (c_key, statement, fully) in enumerate(criteria):
            field.criteria.append(
                Criterion(key=c_key, position=c_pos,
                          **_localized("statement", statement), **_localized("fully", fully))
            )  # fmt: skip
        version.fields.append(field)
    return version


def latest_catalogue() -> CatalogueVersion | None:
    return db.session.scalar(
        select(CatalogueVersion)
        .options(selectinload(CatalogueVersion.fields).selectinload(CatalogueField.criteria))
        .order_by(CatalogueVersion.number.desc())
        .limit(1)
    )


def ensure_catalogue() -> CatalogueVersion:
    """The current version; the default one is stored the first time (a race keeps one,
    because the version number is unique). Commits only when it created something."""
    if (catalogue := latest_catalogue()) is not None:
        return catalogue
    try:
        db.session.add(_default_catalogue())
        ensure_toolbox()
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    return latest_catalogue()


def ensure_toolbox() -> None:
    """Store the default methods if the toolbox was never filled (the caller commits)."""
    if db.session.scalar(select(func.count()).select_from(ToolboxMethod)):
        return
    for position, (name, description) in enumerate(METHODS):
        db.session.add(
            ToolboxMethod(position=position,
                          **_localized("name", name), **_localized("description", description))
        )  # fmt: skip


def is_frozen(catalogue: CatalogueVersion) -> bool:
    return bool(db.session.scalar(select(exists().where(Assessment.catalogue_id == catalogue.id))))


def _copy(catalogue: CatalogueVersion, actor: User) -> CatalogueVersion:
    copy = CatalogueVersion(number=catalogue.number + 1, created_by_id=actor.id)
    for field in catalogue.fields:
        names = ("key", "position", "title_en", "title_de", "title_nl")
        new_field = CatalogueField(**{n: getattr(field, n) for n in names})
        for criterion in field.criteria:
            names = ("key", "position") + tuple(
                f"{p}_{lang}" for p in ("statement", "fully") for lang in LANGUAGES
            )
            new_field.criteria.append(Criterion(**{n: getattr(criterion, n) for n in names}))
        copy.fields.append(new_field)
    db.session.add(copy)
    db.session.flush()
    return copy


def _editable(catalogue: CatalogueVersion, number: int, actor: User) -> CatalogueVersion:
    """The version to write: a new copy when this one is in use. `number` is the version the
    editor saw: an edit made against an older version is refused (changed meanwhile)."""
    if not actor.is_admin:
        raise NotAllowed
    if catalogue.number != number:
        raise ChangedMeanwhile(catalogue.number)
    return _copy(catalogue, actor) if is_frozen(catalogue) else catalogue


def _stripped(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


def _require_english(data: dict[str, Any], names: tuple[str, ...]) -> None:
    missing = {n: _l("Please fill in the English text.") for n in names if not data[n].strip()}
    if missing:
        raise Invalid(missing)


def edit_criterion(criterion_key: str, data: dict[str, str], number: int, actor: User) -> int:
    """Change a criterion's texts; returns the version number now current."""
    _require_english(data, ("statement_en",))
    catalogue = _editable(ensure_catalogue(), number, actor)
    criterion = next(
        (c for f in catalogue.fields for c in f.criteria if c.key == criterion_key), None
    )
    if criterion is None:
        raise Invalid({"": _l("This criterion no longer exists.")})
    update_audited(criterion, _stripped(data), actor, "assessment_criterion")
    db.session.commit()
    return catalogue.number


def _field(catalogue: CatalogueVersion, field_key: str) -> CatalogueField:
    field = next((f for f in catalogue.fields if f.key == field_key), None)
    if field is None:
        raise Invalid({"": _l("This field no longer exists.")})
    return field


def add_criterion(field_key: str, data: dict[str, str], number: int, actor: User) -> int:
    """A new criterion at the end of a field; its key is new in this version."""
    _require_english(data, ("statement_en",))
    catalogue = _editable(ensure_catalogue(), number, actor)
    field = _field(catalogue, field_key)
    if len(field.criteria) >= MAX_CRITERIA:
        raise Invalid({"": _l("A field has at most %(count)s criteria.", count=MAX_CRITERIA)})
    taken = {c.key for f in catalogue.fields for c in f.criteria}
    key = next(f"{field_key}_{n}" for n in range(1, 100) if f"{field_key}_{n}" not in taken)
    criterion = Criterion(key=key, position=len(field.criteria), **_stripped(data))
    field.criteria.append(criterion)
    create_audited(criterion, actor, "assessment_criterion", {"key": ("", key)})
    db.session.commit()
    return catalogue.number


def remove_criterion(criterion_key: str, number: int, actor: User) -> int:
    """Take a criterion out of the current version (earlier versions keep it)."""
    catalogue = _editable(ensure_catalogue(), number, actor)
    field = next((f for f in catalogue.fields for c in f.criteria if c.key == criterion_key), None)
    if field is None:
        raise Invalid({"": _l("This criterion no longer exists.")})
    if len(field.criteria) == 1:
        raise Invalid({"": _l("A field keeps at least one criterion.")})
    criterion = next(c for c in field.criteria if c.key == criterion_key)
    record_audit(
        actor, "assessment_criterion", criterion.id, "removed", {"key": (criterion_key, "")}
    )
    field.criteria.remove(criterion)
    db.session.commit()
    return catalogue.number


def edit_field_title(field_key: str, data: dict[str, str], number: int, actor: User) -> int:
    _require_english(data, ("title_en",))
    catalogue = _editable(ensure_catalogue(), number, actor)
    field = _field(catalogue, field_key)
    update_audited(field, _stripped(data), actor, "assessment_field")
    db.session.commit()
    return catalogue.number


def toolbox(active_only: bool = True) -> list[ToolboxMethod]:
    stmt = select(ToolboxMethod).order_by(ToolboxMethod.position, ToolboxMethod.id)
    if active_only:
        stmt = stmt.where(ToolboxMethod.is_active.is_(True))
    return list(db.session.scalars(stmt))


def save_method(
    method: ToolboxMethod | None, data: dict[str, Any], version: int | None, actor: User
) -> ToolboxMethod:
    """Add a method (`method` None) or change one; the version guards two editors."""
    if not actor.is_admin:
        raise NotAllowed
    _require_english(data, ("name_en",))
    data = _stripped(data)
    if method is None:
        method = ToolboxMethod(position=len(toolbox(active_only=False)), **data)
        create_audited(method, actor, "assessment_method", {"name_en": ("", data["name_en"])})
    elif version != method.version:
        raise ChangedMeanwhile(method.version)
    elif update_audited(method, data, actor, "assessment_method"):
        method.version += 1
    db.session.commit()
    return method
