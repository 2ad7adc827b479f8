"""The API's request and response shapes (pydantic), from which the OpenAPI document is made.

Field limits repeat the columns' and the report form's (title 200, reference 100, billing
month YYYY-MM), so a request the page would refuse is refused here with the same field.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

from backoffice.tickets.models import Severity, Status

NO_NUL = r"^[^\x00]*$"  # PostgreSQL stores no NUL in text; the pages refuse it too


def text(max_length: int, min_length: int = 0, strip: bool = False) -> Any:  # noqa: ANN401
    """A string of at most `max_length` characters, without NUL."""
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=strip, min_length=min_length, max_length=max_length, pattern=NO_NUL
        ),
    ]


Text = text(20000)
Period = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
Amount = Annotated[Decimal, Field(max_digits=12, decimal_places=2, ge=0)]
Currency = Literal["EUR", "USD", "GBP", "CHF", "DKK", "SEK", "NOK", "PLN"]
ApiSort = Literal["-created", "created", "-number", "number", "-activity", "activity"]


class Documented(BaseModel):
    """Field docstrings become their descriptions in the OpenAPI document."""

    model_config = ConfigDict(use_attribute_docstrings=True)


class Strict(Documented):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class Problem(Documented):
    """RFC 9457 problem details; `errors` maps a field to its message (422)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: dict[str, str] | None = None
    version: int | None = None


class Ref(Documented):
    id: int
    name: str


class CategoryRef(Documented):
    id: int
    code: str
    label: str


class TicketOut(Documented):
    number: str
    title: str
    status: Status
    severity: Severity
    handoff: Ref
    from_function: Ref
    to_function: Ref
    category: CategoryRef
    owner: Ref | None
    reporter_id: int
    found_in_function_id: int | None
    external_reference: str
    billing_period: str | None
    impact_amount: str | None
    """A decimal as a string, e.g. "1250.00"; null when not known."""
    impact_currency: str
    records_affected: int | None
    due_date: date | None
    created_dt: datetime
    last_activity_dt: datetime
    resolved_dt: datetime | None
    closed_dt: datetime | None
    version: int
    """The ticket's version; its ETag, sent back as If-Match"""
    url: str


class TicketDetail(TicketOut):
    description: str
    root_cause_id: int | None
    cause_analysis: str
    corrective_action: str
    preventive_action: str
    no_prevention_reason: str
    no_prevention_note: str
    rating: int | None
    status_reason: str
    allowed_actions: list[str]


class TicketList(Documented):
    items: list[TicketOut]
    next_cursor: str | None
    """Pass as `cursor` for the next page; null: last"""


class TicketQuery(Documented):
    """The ticket list's filters, named as on the list page, and cursor pagination."""

    status: list[Status] = []
    severity: list[Severity] = []
    handoff: Id | None = None
    from_function: Id | None = None
    to_function: Id | None = None
    owner: Id | None = None
    reporter: Id | None = None
    category: Id | None = None
    period: Period | None = None
    open: Literal["1"] | None = None
    overdue: Literal["1"] | None = None
    q: text(100) | None = None
    sort: ApiSort = "-created"
    cursor: text(300) | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


class TicketIn(Strict):
    title: text(200, 1, strip=True)
    description: text(20000, 1, strip=True)  # fmt: skip
    handoff_id: Id
    category_id: Id
    severity: Severity = Severity.MEDIUM
    found_in_function_id: Id | None = None
    external_reference: text(100) = ""
    billing_period: Period | None = None
    impact_amount: Amount | None = None
    impact_currency: Currency = "EUR"
    records_affected: Annotated[int, Field(ge=0, le=10_000_000)] | None = None


class TicketPatch(Strict):
    """Only the fields sent change; the rest keep their value."""

    title: text(200, 1, strip=True) | None = None  # fmt: skip
    description: text(20000, 1, strip=True) | None = None  # fmt: skip
    handoff_id: Id | None = None
    category_id: Id | None = None
    severity: Severity | None = None
    found_in_function_id: Id | None = None
    external_reference: text(100) | None = None
    billing_period: Period | None = None
    impact_amount: Amount | None = None
    impact_currency: Currency | None = None
    records_affected: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    due_date: date | None = None
    """Coordinators only"""


class IfMatch(Documented):
    if_match: str | None = Field(None, alias="If-Match")
    """The ETag last read; without it the move checks the current status only."""


class IfMatchRequired(Documented):
    if_match: text(40) = Field(alias="If-Match")
    """The ETag last read; a stale one gets 412."""


class IdempotencyHeader(Documented):
    idempotency_key: text(200, 1) | None = Field(None, alias="Idempotency-Key")
    """Retries with the same key and body get the first answer, for 24 hours."""


class ActionIn(Strict):
    """What a move needs; each action reads only its own fields (see the ticket page)."""

    owner_id: Id | None = None
    due_date: date | None = None
    note: Text = ""
    reason: Text = ""
    question: Text = ""
    answer: Text = ""
    root_cause_id: Id | None = None
    cause_analysis: Text = ""
    corrective_action: Text = ""
    preventive_action: Text = ""
    no_prevention_reason: Literal["", "one_off", "outside_control"] = ""
    """Resolving without a preventive action: why none is possible"""
    no_prevention_note: Text = ""
    """With `no_prevention_reason`: one sentence of explanation"""
    rating: Annotated[int, Field(ge=1, le=5)] | None = None
    remark: Text = ""
    defect_gone: bool | None = None
    original: text(20) = ""


class CommentIn(Strict):
    body: text(20000, 1, strip=True)


class CommentOut(Documented):
    id: int
    author: Ref
    body: str
    created_dt: datetime


class CommentList(Documented):
    items: list[CommentOut]


class AttachmentOut(Documented):
    id: int
    filename: str
    content_type: str
    size_bytes: int
    created_dt: datetime
    url: str


class AttachmentList(Documented):
    items: list[AttachmentOut]


class AttachmentUpload(Strict):
    file: Annotated[Any, WithJsonSchema({"type": "string", "format": "binary"})]
    """The file (multipart/form-data)."""
