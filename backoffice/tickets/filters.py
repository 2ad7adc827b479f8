"""The ticket list's filter: its URL parameters, parsed leniently, and what they select."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, or_, select
from werkzeug.datastructures import MultiDict

from backoffice.org.models import Handoff
from backoffice.tickets.deadline import next_deadline_order, overdue
from backoffice.tickets.models import OPEN_STATUSES, Severity, Status, Ticket

PAGE_SIZES = (25, 50, 100)
# A billing month "2026-03": ASCII digits and nothing after (`\d` would take "２０２６-０３",
# `$` a trailing newline). The report form and the list filter both read it with this.
PERIOD_RE = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])\Z")

SEVERITY_ORDER = case({s.value: s.rank for s in Severity}, value=Ticket.severity)
SORT_COLUMNS = {
    "number": Ticket.number,
    "title": Ticket.title,
    "status": Ticket.status,
    "severity": SEVERITY_ORDER,
    "created": Ticket.created_dt,
    "activity": Ticket.last_activity_dt,
    "due": next_deadline_order(),  # the next deadline (agreed or manual): tickets.deadline
    "impact": Ticket.impact_amount,
    "response_due": Ticket.response_due_dt,
    "resolution_due": Ticket.resolution_due_dt,
}
DEFAULT_SORT = "-created"
# Only these may be empty; NULLS LAST on a NOT NULL column would stop SQLite using an index.
NULLABLE_SORTS = frozenset({"due", "impact", "response_due", "resolution_due"})


def _int(value: str | None) -> int | None:
    try:
        number = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return number if number is not None and 0 < number < 2**31 else None


@dataclass
class TicketFilter:
    """The list's query parameters, parsed leniently: what does not make sense is ignored."""

    statuses: list[Status] = field(default_factory=list)
    severities: list[Severity] = field(default_factory=list)
    handoff_id: int | None = None
    from_function_id: int | None = None
    to_function_id: int | None = None
    owner_id: int | None = None
    reporter_id: int | None = None
    category_id: int | None = None
    billing_period: str | None = None
    only_open: bool = False
    only_overdue: bool = False
    text: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = 50

    @classmethod
    def from_args(cls, args: MultiDict, default_per_page: int = 50) -> TicketFilter:
        statuses = [Status(v) for v in args.getlist("status") if v in Status._value2member_map_]
        severities = [
            Severity(v) for v in args.getlist("severity") if v in Severity._value2member_map_
        ]
        sort = args.get("sort", DEFAULT_SORT)
        if sort.lstrip("-") not in SORT_COLUMNS:
            sort = DEFAULT_SORT
        period = args.get("period", "").strip()
        per_page = _int(args.get("per_page"))
        return cls(
            statuses=statuses,
            severities=severities,
            handoff_id=_int(args.get("handoff")),
            from_function_id=_int(args.get("from_function")),
            to_function_id=_int(args.get("to_function")),
            owner_id=_int(args.get("owner")),
            reporter_id=_int(args.get("reporter")),
            category_id=_int(args.get("category")),
            billing_period=period if PERIOD_RE.match(period) else None,
            only_open=args.get("open") == "1",
            only_overdue=args.get("overdue") == "1",
            text=args.get("q", "").strip()[:100],
            sort=sort,
            page=min(_int(args.get("page")) or 1, 1_000_000),
            per_page=per_page if per_page in PAGE_SIZES else default_per_page,
        )

    def conditions(self, now: datetime | None = None) -> list[Any]:
        where: list[Any] = []
        if self.statuses:
            where.append(Ticket.status.in_(self.statuses))
        if self.only_open:
            where.append(Ticket.status.in_(OPEN_STATUSES))
        if self.severities:
            where.append(Ticket.severity.in_(self.severities))
        for column, value in (
            (Ticket.handoff_id, self.handoff_id),
            (Ticket.owner_id, self.owner_id),
            (Ticket.reporter_id, self.reporter_id),
            (Ticket.category_id, self.category_id),
            (Ticket.billing_period, self.billing_period),
        ):
            if value is not None:
                where.append(column == value)
        for column, value in (
            (Handoff.from_function_id, self.from_function_id),
            (Handoff.to_function_id, self.to_function_id),
        ):
            if value is not None:
                where.append(Ticket.handoff_id.in_(select(Handoff.id).where(column == value)))
        if self.only_overdue:
            where.append(overdue(now))
        if self.text:
            pattern = (
                "%" + self.text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
            )
            where.append(
                or_(
                    *(
                        column.ilike(pattern, escape="\\")
                        for column in (
                            Ticket.number,
                            Ticket.title,
                            Ticket.external_reference,
                            Ticket.description,
                        )
                    )
                )
            )
        return where

    def order_by(self) -> list[Any]:
        key = self.sort.lstrip("-")
        descending = self.sort.startswith("-")
        primary = SORT_COLUMNS[key].desc() if descending else SORT_COLUMNS[key].asc()
        if key in NULLABLE_SORTS:
            primary = primary.nulls_last()
        return [primary, Ticket.id.desc() if descending else Ticket.id.asc()]

    def query_args(self, **overrides: Any) -> dict[str, Any]:
        """The filter as URL parameters (for pagination, sorting and the CSV link)."""
        args: dict[str, Any] = {
            "status": [s.value for s in self.statuses],
            "severity": [s.value for s in self.severities],
            "handoff": self.handoff_id,
            "from_function": self.from_function_id,
            "to_function": self.to_function_id,
            "owner": self.owner_id,
            "reporter": self.reporter_id,
            "category": self.category_id,
            "period": self.billing_period,
            "open": "1" if self.only_open else None,
            "overdue": "1" if self.only_overdue else None,
            "q": self.text or None,
            "sort": self.sort if self.sort != DEFAULT_SORT else None,
            "per_page": self.per_page,
            "page": self.page if self.page > 1 else None,
        }
        args.update(overrides)
        return {k: v for k, v in args.items() if v not in (None, [], "")}
