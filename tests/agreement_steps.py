"""A service agreement on the office's handoff, so tickets get due times."""

from __future__ import annotations

from datetime import time
from typing import Any

from sqlalchemy import select

from backoffice.agreements.catalogue import (
    AgreementData,
    CalendarData,
    ServiceData,
    save_agreement,
    save_calendar,
    save_service,
)
from backoffice.agreements.models import TargetUnit
from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.org.models import Function


def promise_on_the_handoff(office: Any) -> None:  # noqa: ANN401
    """An answer in 4 business hours, a fix in 3 days (high: same day, 1 day); the calendar
    never closes, so the sums are predictable. Needs an app context."""
    coordinator = db.session.scalar(select(User).where(User.email == office.coordinator))
    function = db.session.get(Function, office.time_registration_id)
    calendar = CalendarData("Europe/Berlin", list(range(7)), time(0), time(23, 59))
    save_calendar(function, calendar, coordinator)
    service = save_service(
        None,
        ServiceData(office.time_registration_id, "Hours", "", [office.handoff_id]),
        coordinator,
    )
    terms = AgreementData(None, None, 4, TargetUnit.HOURS, 3, TargetUnit.DAYS)
    save_agreement(service, None, terms, coordinator)
    high = AgreementData("high", None, 0, TargetUnit.SAME_DAY, 1, TargetUnit.DAYS)
    save_agreement(service, None, high, coordinator)
