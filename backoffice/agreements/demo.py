"""Demo service catalogue: a calendar and one service per function that hands work over.

Kept apart from backoffice/demo.py so the demo office can grow independently;
`flask seed-demo` calls `seed_agreements()` after loading the office. Every
ticket then gets the deadlines and outcome it would have had, so the
achievement page and the handoff map have two years of history to show.
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import func, select

from backoffice.agreements.models import (
    Agreement,
    BusinessCalendar,
    ClosingDay,
    Service,
    TargetUnit,
)
from backoffice.agreements.recompute import measure_history
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.org.models import Function, Handoff
from backoffice.tickets.models import Severity

# (severity or None for any) → (response, resolution)
DEMO_TERMS = [
    (Severity.CRITICAL, (4, TargetUnit.HOURS), (2, TargetUnit.DAYS)),
    (Severity.HIGH, (0, TargetUnit.SAME_DAY), (5, TargetUnit.DAYS)),
    (None, (2, TargetUnit.DAYS), (10, TargetUnit.DAYS)),
]


def _closing_days() -> list[ClosingDay]:
    """Between Christmas and New Year, for the years the demo history spans."""
    year = utcnow().year
    return [
        ClosingDay(day=date(y, 12, d), name="Between the years")
        for y in range(year - 3, year + 2)
        for d in (27, 28, 29, 30)
    ]


def seed_agreements() -> dict[str, int]:
    """Add the demo catalogue once (nothing happens when services exist) and measure tickets."""
    if db.session.scalar(select(func.count(Service.id))):
        return {"services": 0, "tickets": 0}
    handoffs = db.session.scalars(select(Handoff).where(Handoff.is_active.is_(True))).all()
    by_provider: dict[int, list[Handoff]] = {}
    for handoff in handoffs:
        by_provider.setdefault(handoff.from_function_id, []).append(handoff)
    functions = {f.id: f for f in db.session.scalars(select(Function))}
    for index, function in enumerate(functions.values()):
        db.session.add(
            BusinessCalendar(
                function_id=function.id,
                timezone="Europe/Berlin",
                working_days="0,1,2,3,4",
                day_start=time(8, 30) if index % 2 else time(9),
                day_end=time(17) if index % 2 else time(17, 30),
                holiday_country="DE",
                holiday_subdiv="NW",
                closing_days=_closing_days(),
            )
        )
    for provider_id, covered in by_provider.items():
        service = Service(
            provider_function_id=provider_id,
            name=f"Correcting defects in what {functions[provider_id].name} hands over",
            description=(
                "We react to every reported defect within two business days (critical ones "
                "within four business hours) and correct it within the agreed time."
            ),
            handoffs=covered,
        )
        service.agreements = [
            Agreement(severity=severity, response_amount=response[0], response_unit=response[1],
                      resolution_amount=resolution[0], resolution_unit=resolution[1])
            for severity, response, resolution in DEMO_TERMS
        ]  # fmt: skip
        db.session.add(service)
    db.session.flush()
    measured = measure_history()
    db.session.commit()
    return {"services": len(by_provider), "tickets": measured}
