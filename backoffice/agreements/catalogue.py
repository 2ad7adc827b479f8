"""Saving the service catalogue: services, agreements and business calendars.

Every save validates everything first and raises `Invalid` (field → message)
before writing, so a refused form leaves nothing half saved. A change that can
move deadlines recomputes the open tickets it touches in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backoffice.agreements.business_time import Calendar
from backoffice.agreements.calendars import calendar_of, make_calendar
from backoffice.agreements.deadlines import target_fits
from backoffice.agreements.models import (
    DEFAULT_TARGET_SHARE,
    TARGET_SHARE_RANGE,
    Agreement,
    BusinessCalendar,
    ClosingDay,
    Service,
    TargetUnit,
    service_handoffs,
)
from backoffice.agreements.recompute import recompute_open_tickets
from backoffice.audit import record_audit
from backoffice.auth.models import User
from backoffice.errors import Invalid
from backoffice.extensions import db
from backoffice.i18n import N_
from backoffice.i18n import lazy_gettext as _l
from backoffice.models import utcnow
from backoffice.org.models import Function, Handoff
from backoffice.tickets.events import system_note
from backoffice.tickets.models import Severity

# Written on the timeline of each open ticket whose deadlines an agreement change moves.
AGREEMENT_CHANGED = system_note(N_("The service agreement changed."))
MAX_TARGET = {TargetUnit.HOURS: 365 * 24, TargetUnit.DAYS: 365}


@dataclass
class ServiceData:
    provider_function_id: int
    name: str
    description: str = ""
    handoff_ids: list[int] = field(default_factory=list)
    is_active: bool = True
    target_share: int = DEFAULT_TARGET_SHARE


@dataclass
class AgreementData:
    severity: Severity | None
    category_id: int | None
    response_amount: int | None
    response_unit: TargetUnit | None
    resolution_amount: int | None
    resolution_unit: TargetUnit | None


@dataclass
class CalendarData:
    timezone: str
    weekdays: list[int]
    day_start: time | None
    day_end: time | None
    holiday_country: str = ""
    holiday_subdiv: str = ""
    closing_days: list[tuple[date, str]] = field(default_factory=list)


def _check_target(prefix: str, amount: int | None, unit: TargetUnit | None) -> dict[str, Any]:
    if unit is None:
        return {f"{prefix}_unit": (_l("Choose how the target is counted."))}
    if unit == TargetUnit.SAME_DAY:
        return {}
    if amount is None:
        return {f"{prefix}_amount": (_l("Give a target."))}
    if amount <= 0:
        return {f"{prefix}_amount": (_l("A target must be more than zero."))}
    if amount > MAX_TARGET[unit]:
        return {
            f"{prefix}_amount": (
                _l(
                    "A target may be at most a year (%(max)s %(unit)s).",
                    max=MAX_TARGET[unit],
                    unit=unit.label,
                )
            )
        }
    return {}


def _beyond_calendar(calendar: Calendar, targets: dict[str, tuple[int, TargetUnit]]) -> list[str]:
    """The targets that would not end within the years a calendar is searched."""
    now = utcnow()
    return [name for name, target in targets.items() if not target_fits(target, calendar, now)]


def _agreement_targets(agreements: list[Agreement]) -> dict[str, tuple[int, TargetUnit]]:
    return {
        f"{a.id}:{kind}": (getattr(a, f"{kind}_amount"), getattr(a, f"{kind}_unit"))
        for a in agreements
        for kind in ("response", "resolution")
    }


def _too_long(function: Function) -> Any:
    return _l(
        "This target needs more working time than the calendar of %(function)s offers "
        "within six years. Choose a shorter target or longer working hours.",
        function=function.name,
    )


def _overlap(
    handoff_ids: set[int], severity: Severity | None, category_id: int | None, skip: set[int]
) -> tuple[Handoff, Service] | None:
    """Another agreement for one of these handoffs with the same severity and category."""
    if not handoff_ids:
        return None
    stmt = (
        select(Handoff, Service)
        .join(service_handoffs, service_handoffs.c.handoff_id == Handoff.id)
        .join(Service, Service.id == service_handoffs.c.service_id)
        .join(Agreement, Agreement.service_id == Service.id)
        .where(
            Handoff.id.in_(handoff_ids),
            Agreement.severity.is_(None) if severity is None else Agreement.severity == severity,
            Agreement.category_id.is_(None)
            if category_id is None
            else Agreement.category_id == category_id,
        )
    )
    if skip:
        stmt = stmt.where(Agreement.id.not_in(skip))
    return db.session.execute(stmt.limit(1)).first()


def _check_agreement(
    service: Service, agreement: Agreement | None, data: AgreementData
) -> dict[str, Any]:
    errors = _check_target("response", data.response_amount, data.response_unit)
    errors |= _check_target("resolution", data.resolution_amount, data.resolution_unit)
    if not errors:
        targets = {
            f"{kind}_amount": (getattr(data, f"{kind}_amount") or 0, getattr(data, f"{kind}_unit"))
            for kind in ("response", "resolution")
        }
        for name in _beyond_calendar(calendar_of(service.provider_function_id), targets):
            errors[name] = _too_long(service.provider)
    clash = _overlap(
        {h.id for h in service.handoffs},
        data.severity,
        data.category_id,
        {agreement.id} if agreement else set(),
    )
    if clash:
        errors["severity"] = _l(
            "The handoff “%(handoff)s” has an agreement for this severity and category "
            "already (service “%(service)s”).",
            handoff=clash[0].name,
            service=clash[1].name,
        )
    return errors


def save_agreement(
    service: Service, agreement: Agreement | None, data: AgreementData, actor: User
) -> Agreement:
    if data.severity is not None:
        data.severity = Severity(data.severity)
    if errors := _check_agreement(service, agreement, data):
        raise Invalid(errors)
    values = {
        "severity": data.severity,
        "category_id": data.category_id,
        "response_amount": 0 if data.response_unit == TargetUnit.SAME_DAY else data.response_amount,
        "response_unit": data.response_unit,
        "resolution_amount": 0
        if data.resolution_unit == TargetUnit.SAME_DAY
        else data.resolution_amount,
        "resolution_unit": data.resolution_unit,
    }
    if agreement is None:
        agreement = Agreement(service=service, **values)
        db.session.add(agreement)
        action = "created"
    else:
        for name, value in values.items():
            setattr(agreement, name, value)
        action = "updated"
    db.session.flush()
    _after_change(actor, "agreement", agreement.id, action, {h.id for h in service.handoffs})
    return agreement


def delete_agreement(agreement: Agreement, actor: User) -> None:
    handoff_ids = {h.id for h in agreement.service.handoffs}
    agreement_id = agreement.id
    db.session.delete(agreement)
    db.session.flush()
    _after_change(actor, "agreement", agreement_id, "deleted", handoff_ids)


def _after_change(
    actor: User, entity: str, entity_id: int, action: str, handoff_ids: set[int]
) -> None:
    """Recompute the open tickets whose deadlines may move, record it, commit."""
    count = recompute_open_tickets(handoff_ids, actor, AGREEMENT_CHANGED)
    record_audit(actor, entity, entity_id, action, {"open tickets recomputed": (None, count)})
    db.session.commit()


def save_service(service: Service | None, data: ServiceData, actor: User) -> Service:
    name = data.name.strip()
    errors: dict[str, Any] = {}
    clash = db.session.scalar(
        select(Service).where(
            Service.provider_function_id == data.provider_function_id, Service.name == name
        )
    )
    if clash is not None and clash is not service:
        errors["name"] = _l("This function has a service with this name already.")
    handoffs = list(db.session.scalars(select(Handoff).where(Handoff.id.in_(data.handoff_ids))))
    new_ids = {h.id for h in handoffs}
    for agreement in service.agreements if service else []:
        found = _overlap(
            new_ids, agreement.severity, agreement.category_id, {a.id for a in service.agreements}
        )
        if found:
            errors["handoff_ids"] = _l(
                "The handoff “%(handoff)s” is covered by service “%(service)s” with the "
                "same severity and category already.",
                handoff=found[0].name,
                service=found[1].name,
            )
            break
    moved = service is not None and service.provider_function_id != data.provider_function_id
    low, high = TARGET_SHARE_RANGE
    if not low <= (data.target_share or 0) <= high:
        errors["target_share"] = _l(
            "The target share is a whole per cent from %(low)s to %(high)s.", low=low, high=high
        )
    if moved and _beyond_calendar(
        calendar_of(data.provider_function_id), _agreement_targets(service.agreements)
    ):
        errors["provider_function_id"] = _l(
            "An agreement of this service needs more working time than this function's "
            "calendar offers within six years. Shorten its targets first."
        )
    if errors:
        raise Invalid(errors)
    old_ids = {h.id for h in service.handoffs} if service else set()
    if service is None:
        service = Service(provider_function_id=data.provider_function_id)
        db.session.add(service)
    service.provider_function_id = data.provider_function_id
    service.name = name
    service.description = data.description.strip()
    service.is_active = data.is_active
    service.target_share = data.target_share
    service.handoffs = handoffs
    db.session.flush()
    _after_change(actor, "service", service.id, "saved", old_ids | new_ids)
    return service


def save_calendar(function: Function, data: CalendarData, actor: User) -> BusinessCalendar:
    errors: dict[str, Any] = {}
    if not data.weekdays:
        errors["weekdays"] = _l("Choose at least one working day.")
    if data.day_start is None or data.day_end is None or data.day_end <= data.day_start:
        errors["day_end"] = _l("The working day must end after it starts.")
    try:
        ZoneInfo(data.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = _l("Unknown time zone, e.g. Europe/Berlin.")
    if data.holiday_country:
        try:
            holidays.country_holidays(data.holiday_country, subdiv=data.holiday_subdiv or None)
        except NotImplementedError:
            errors["holiday_country"] = _l(
                "No public holidays are known for this country and region."
            )
    if not errors:
        errors = _calendar_fits(function, data)
    if errors:
        raise Invalid(errors)
    calendar = db.session.scalar(
        select(BusinessCalendar)
        .options(selectinload(BusinessCalendar.closing_days))
        .where(BusinessCalendar.function_id == function.id)
    )
    if calendar is None:
        calendar = BusinessCalendar(function_id=function.id)
        db.session.add(calendar)
    calendar.timezone = data.timezone
    calendar.working_days = ",".join(str(d) for d in sorted(set(data.weekdays)))
    calendar.day_start, calendar.day_end = data.day_start, data.day_end
    calendar.holiday_country = data.holiday_country.upper()
    calendar.holiday_subdiv = data.holiday_subdiv.upper()
    calendar.closing_days = [
        ClosingDay(day=day, name=name) for day, name in dict(data.closing_days).items()
    ]
    db.session.flush()
    covered = set(
        db.session.scalars(
            select(service_handoffs.c.handoff_id)
            .join(Service, Service.id == service_handoffs.c.service_id)
            .where(Service.provider_function_id == function.id)
        )
    )
    _after_change(actor, "calendar", calendar.id, "saved", covered)
    return calendar


def _calendar_fits(function: Function, data: CalendarData) -> dict[str, Any]:
    """Refuse working hours too short for the targets of the function's agreements."""
    calendar = make_calendar(
        data.timezone,
        frozenset(data.weekdays),
        data.day_start,
        data.day_end,
        data.holiday_country.upper(),
        data.holiday_subdiv.upper(),
        frozenset(day for day, _name in data.closing_days),
    )
    agreements = db.session.scalars(
        select(Agreement).join(Service).where(Service.provider_function_id == function.id)
    ).all()
    if _beyond_calendar(calendar, _agreement_targets(list(agreements))):
        return {
            "day_end": _l(
                "An agreement of %(function)s needs more working time than these hours "
                "offer within six years. Shorten its targets first.",
                function=function.name,
            )
        }
    return {}


@dataclass
class CatalogueEntry:
    function: Function
    calendar: BusinessCalendar | None
    services: list[Service]


def catalogue() -> list[CatalogueEntry]:
    """Every active function with its calendar and services (a handful of statements)."""
    functions = db.session.scalars(
        select(Function).where(Function.is_active.is_(True)).order_by(Function.name)
    ).all()
    calendars = {
        c.function_id: c
        for c in db.session.scalars(
            select(BusinessCalendar).options(selectinload(BusinessCalendar.closing_days))
        )
    }
    services = db.session.scalars(
        select(Service)
        .options(
            selectinload(Service.handoffs).joinedload(Handoff.to_function),
            selectinload(Service.handoffs).joinedload(Handoff.from_function),
            selectinload(Service.agreements).joinedload(Agreement.category),
        )
        .order_by(Service.name)
    ).all()
    by_function: dict[int, list[Service]] = {}
    for service in services:
        service.agreements.sort(key=lambda a: (-(a.severity.rank if a.severity else -1), a.id))
        by_function.setdefault(service.provider_function_id, []).append(service)
    return [CatalogueEntry(f, calendars.get(f.id), by_function.get(f.id, [])) for f in functions]
