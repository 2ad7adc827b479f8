"""Shapes of the read-only endpoints: organisation, services, achievement, reviews."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from backoffice.api.schemas import Ref

QuarterKey = Annotated[str, StringConstraints(pattern=r"^(19|2[0-9])[0-9]{2}-[Qq][1-4]$")]


class FunctionOut(BaseModel):
    id: int
    name: str
    description: str
    is_active: bool
    lead: Ref | None


class HandoffOut(BaseModel):
    id: int
    name: str
    description: str
    from_function: Ref
    to_function: Ref
    default_owner: Ref | None
    is_active: bool


class AgreementOut(BaseModel):
    id: int
    severity: str | None = Field(description="null: every severity")
    category_id: int | None = Field(description="null: every category")
    response_amount: int
    response_unit: str
    resolution_amount: int
    resolution_unit: str


class ServiceOut(BaseModel):
    id: int
    name: str
    description: str
    provider: Ref
    is_active: bool
    target_share: int | None = Field(description="Per cent of deadlines to meet")
    handoff_ids: list[int]
    agreements: list[AgreementOut]


class FunctionList(BaseModel):
    items: list[FunctionOut]


class HandoffList(BaseModel):
    items: list[HandoffOut]


class ServiceList(BaseModel):
    items: list[ServiceOut]


class FiguresOut(BaseModel):
    met: int
    breached: int
    volume: int
    share: float | None = Field(description="met ÷ (met + breached); null when none measured")
    response_p50: float | None
    response_p90: float | None
    resolution_p50: float | None
    resolution_p90: float | None


class MonthFigures(FiguresOut):
    month: str


class FunctionFigures(FiguresOut):
    function: Ref


class AchievementOut(BaseModel):
    quarter: str
    function_id: int | None
    target_share: int
    total: FiguresOut
    months: list[MonthFigures]
    by_function: list[FunctionFigures]


class AchievementQuery(BaseModel):
    quarter: QuarterKey | None = Field(None, description="e.g. 2026-Q3; default: this quarter")
    function: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None


class AgendaVersionOut(BaseModel):
    number: int
    created_dt: datetime
    url: str


class ReviewOut(BaseModel):
    quarter: str
    starts_at: datetime
    duration_minutes: int
    status: str
    location: str
    held_dt: datetime | None
    agenda_versions: list[AgendaVersionOut]


class ReviewList(BaseModel):
    items: list[ReviewOut]


class AgendaOut(BaseModel):
    quarter: str
    number: int
    created_dt: datetime
    agenda: dict[str, Any] = Field(description="The agenda as published, sections included")
