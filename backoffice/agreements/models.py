"""Service catalogue: what each function promises to whom, and when it works."""

from __future__ import annotations

import enum
from datetime import date, time
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.auth.models import enum_column
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.models import TimestampMixin
from backoffice.tickets.models import Severity

if TYPE_CHECKING:
    from backoffice.org.models import Function, Handoff
    from backoffice.tickets.models import PickListItem


class TargetUnit(enum.StrEnum):
    HOURS = "hours"  # business hours
    DAYS = "days"  # by closing time, n business days after the day of the report
    SAME_DAY = "same_day"  # by closing time of the business day of the report

    @property
    def label(self) -> str:
        return str(TARGET_UNIT_LABELS[self])


TARGET_UNIT_LABELS = {
    TargetUnit.HOURS: _l("business hours"),
    TargetUnit.DAYS: _l("business days"),
    TargetUnit.SAME_DAY: _l("same business day"),
}
DEFAULT_TARGET_SHARE = 90  # per cent, the usual share a service promises to meet
TARGET_SHARE_RANGE = (50, 100)
WEEKDAY_LABELS = (_l("Mon"), _l("Tue"), _l("Wed"), _l("Thu"), _l("Fri"), _l("Sat"), _l("Sun"))


class BusinessCalendar(TimestampMixin, db.Model):
    """One function's working week, hours, time zone and public-holiday region."""

    __tablename__ = "business_calendars"

    id: Mapped[int] = mapped_column(primary_key=True)
    function_id: Mapped[int] = mapped_column(
        ForeignKey("functions.id", ondelete="CASCADE"), unique=True
    )
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Berlin")
    working_days: Mapped[str] = mapped_column(String(20), default="0,1,2,3,4")  # 0 = Monday
    day_start: Mapped[time] = mapped_column(Time, default=time(9))
    day_end: Mapped[time] = mapped_column(Time, default=time(17))
    holiday_country: Mapped[str] = mapped_column(String(2), default="")
    holiday_subdiv: Mapped[str] = mapped_column(String(10), default="")

    function: Mapped[Function] = relationship()
    closing_days: Mapped[list[ClosingDay]] = relationship(
        back_populates="calendar", cascade="all, delete-orphan", order_by="ClosingDay.day"
    )

    @property
    def weekdays(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.working_days.split(",") if d.strip().isdigit())


class ClosingDay(db.Model):
    """A day the company is closed beyond public holidays (e.g. between Christmas and New Year)."""

    __tablename__ = "closing_days"
    __table_args__ = (UniqueConstraint("calendar_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(
        ForeignKey("business_calendars.id", ondelete="CASCADE")
    )
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(120), default="")

    calendar: Mapped[BusinessCalendar] = relationship(back_populates="closing_days")


service_handoffs = Table(
    "service_handoffs",
    db.Model.metadata,
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("handoff_id", ForeignKey("handoffs.id", ondelete="CASCADE"), primary_key=True),
)


class Service(TimestampMixin, db.Model):
    """A service a function provides to others, covering one or more handoffs."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("provider_function_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_function_id: Mapped[int] = mapped_column(ForeignKey("functions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The share of tickets (in %) that must meet their targets; the achievement bars
    # are green at or above it, amber up to NEAR_TARGET_POINTS below, red under that.
    target_share: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_TARGET_SHARE, server_default=str(DEFAULT_TARGET_SHARE)
    )

    provider: Mapped[Function] = relationship()
    handoffs: Mapped[list[Handoff]] = relationship(secondary=service_handoffs)
    agreements: Mapped[list[Agreement]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )


class Agreement(TimestampMixin, db.Model):
    """Response and resolution targets for a service, for one severity and/or category.

    Empty severity or category means "any"; the most specific agreement wins.
    """

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    severity: Mapped[Severity | None] = mapped_column(enum_column(Severity))
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("pick_list_items.id", ondelete="CASCADE")
    )
    response_amount: Mapped[int] = mapped_column(Integer)
    response_unit: Mapped[TargetUnit] = mapped_column(enum_column(TargetUnit))
    resolution_amount: Mapped[int] = mapped_column(Integer)
    resolution_unit: Mapped[TargetUnit] = mapped_column(enum_column(TargetUnit))

    service: Mapped[Service] = relationship(back_populates="agreements")
    category: Mapped[PickListItem | None] = relationship()

    @property
    def specificity(self) -> int:
        return (2 if self.category_id else 0) + (1 if self.severity else 0)
