"""Shapes of the read-only endpoints: organisation, services, achievement, reviews."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from backoffice.api.schemas import Documented, Ref

QuarterKey = Annotated[str, StringConstraints(pattern=r"^(19|2[0-9])[0-9]{2}-[Qq][1-4]$")]


class FunctionOut(Documented):
    id: int
    name: str
    description: str
    is_active: bool
    lead: Ref | None


class HandoffOut(Documented):
    id: int
    name: str
    description: str
    from_function: Ref
    to_function: Ref
    default_owner: Ref | None
    is_active: bool


class AgreementOut(Documented):
    id: int
    severity: str | None
    """null: every severity"""
    category_id: int | None
    """null: every category"""
    response_amount: int
    response_unit: str
    resolution_amount: int
    resolution_unit: str


class ServiceOut(Documented):
    id: int
    name: str
    description: str
    provider: Ref
    is_active: bool
    target_share: int | None
    """Per cent of deadlines to meet"""
    handoff_ids: list[int]
    agreements: list[AgreementOut]


class FunctionList(Documented):
    items: list[FunctionOut]


class HandoffList(Documented):
    items: list[HandoffOut]


class ServiceList(Documented):
    items: list[ServiceOut]


class FiguresOut(Documented):
    met: int
    breached: int
    volume: int
    share: float | None
    """met ÷ (met + breached); null when none measured"""
    response_p50: float | None
    response_p90: float | None
    resolution_p50: float | None
    resolution_p90: float | None


class MonthFigures(FiguresOut):
    month: str


class FunctionFigures(FiguresOut):
    function: Ref


class AchievementOut(Documented):
    quarter: str
    function_id: int | None
    target_share: int
    total: FiguresOut
    months: list[MonthFigures]
    by_function: list[FunctionFigures]


class AchievementQuery(Documented):
    quarter: QuarterKey | None = None
    """e.g. 2026-Q3; default: this quarter"""
    function: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None


class AgendaVersionOut(Documented):
    number: int
    created_dt: datetime
    url: str


class ReviewOut(Documented):
    quarter: str
    starts_at: datetime
    duration_minutes: int
    status: str
    location: str
    held_dt: datetime | None
    agenda_versions: list[AgendaVersionOut]


class ReviewList(Documented):
    items: list[ReviewOut]


class AgendaOut(Documented):
    quarter: str
    number: int
    created_dt: datetime
    agenda: dict[str, Any]
    """The agenda as published, sections included"""
