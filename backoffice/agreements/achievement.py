"""Published achievement: how often each function kept its agreements, computed in SQL.

Counts come from one grouped statement over months; medians and 90th
percentiles from PostgreSQL's `percentile_cont` (grouping sets), or on SQLite
from one statement that returns only the duration columns. Months and quarters
are cut in the organisation's time zone, so the buckets are explicit UTC ranges
handed to SQL as a CASE expression (the same on both databases).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import case, func, select, tuple_

from backoffice.agreements.models import Agreement, Service
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.org.models import Function, Handoff
from backoffice.tickets.models import SlaState, Status, Ticket

QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")
MEASURED = (SlaState.MET, SlaState.BREACHED)


@dataclass(frozen=True)
class Bucket:
    key: str  # "2026-04" or "2026-Q2"
    start: datetime  # UTC
    end: datetime


def _month_start(year: int, month: int, tz: ZoneInfo) -> datetime:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime(year, month, 1, tzinfo=tz).astimezone(UTC)


def month_buckets(year: int, first_month: int, count: int, tz: ZoneInfo) -> list[Bucket]:
    buckets = []
    for i in range(count):
        m = first_month + i
        y, mm = year + (m - 1) // 12, (m - 1) % 12 + 1
        buckets.append(
            Bucket(f"{y}-{mm:02d}", _month_start(y, mm, tz), _month_start(y, mm + 1, tz))
        )
    return buckets


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    def months(self, tz: ZoneInfo) -> list[Bucket]:
        return month_buckets(self.year, 3 * self.number - 2, 3, tz)

    def previous(self, n: int = 1) -> Quarter:
        index = self.year * 4 + self.number - 1 - n
        return Quarter(index // 4, index % 4 + 1)

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str | None, default: Quarter) -> Quarter:
        match = QUARTER_RE.match(text or "")
        return cls(int(match[1]), int(match[2])) if match else default


def org_timezone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def current_quarter() -> Quarter:
    return Quarter.of(utcnow().astimezone(org_timezone()).date())


@dataclass
class Figures:
    met: int = 0
    breached: int = 0
    volume: int = 0
    response_p50: float | None = None
    response_p90: float | None = None
    resolution_p50: float | None = None
    resolution_p90: float | None = None

    @property
    def measured(self) -> int:
        return self.met + self.breached

    @property
    def share(self) -> float | None:
        """Met ÷ (met + breached); None when nothing was measured."""
        return self.met / self.measured if self.measured else None

    def add_counts(self, other: Figures) -> None:
        self.met += other.met
        self.breached += other.breached
        self.volume += other.volume


def _bucket_of(column: Any, buckets: list[Bucket]) -> Any:
    return case(*((column < b.end, b.key) for b in buckets), else_=None)


def _in(column: Any, buckets: list[Bucket]) -> list[Any]:
    return [column >= buckets[0].start, column < buckets[-1].end]


def _provider_scope(stmt: Any, function_id: int | None) -> Any:
    stmt = stmt.join(Agreement, Agreement.id == Ticket.agreement_id).join(
        Service, Service.id == Agreement.service_id
    )
    return stmt.where(Service.provider_function_id == function_id) if function_id else stmt


def _agreement_scope(function_id: int | None) -> list[Any]:
    """Tickets under a function's agreements, without joining 100,000 rows to them."""
    if not function_id:
        return [Ticket.agreement_id.is_not(None)]
    ids = (
        select(Agreement.id)
        .join(Service, Service.id == Agreement.service_id)
        .where(Service.provider_function_id == function_id)
    )
    return [Ticket.agreement_id.in_(ids)]


def _providers() -> dict[int, int]:
    rows = db.session.execute(
        select(Agreement.id, Service.provider_function_id).join(
            Service, Service.id == Agreement.service_id
        )
    )
    return {aid: fid for aid, fid in rows}


def counts(buckets: list[Bucket], function_id: int | None = None) -> dict[tuple[int, str], Figures]:
    """Met and breached per (provider function, bucket): one grouped statement over the
    (sla_state, sla_outcome_dt, agreement_id) index, agreements mapped to functions here."""
    inner = (
        select(
            Ticket.agreement_id.label("aid"),
            _bucket_of(Ticket.sla_outcome_dt, buckets).label("bucket"),
            Ticket.sla_state.label("state"),
        )
        .where(
            Ticket.sla_state.in_(MEASURED),
            *_in(Ticket.sla_outcome_dt, buckets),
            *_agreement_scope(function_id),
        )
        .subquery()
    )
    stmt = select(
        inner.c.aid,
        inner.c.bucket,
        func.sum(case((inner.c.state == SlaState.MET, 1), else_=0)),
        func.sum(case((inner.c.state == SlaState.BREACHED, 1), else_=0)),
    ).group_by(inner.c.aid, inner.c.bucket)
    providers = _providers()
    result: dict[tuple[int, str], Figures] = defaultdict(Figures)
    for aid, key, met, breached in db.session.execute(stmt):
        result[(providers[aid], key)].add_counts(Figures(int(met), int(breached)))
    return dict(result)


def volumes(buckets: list[Bucket], function_id: int | None = None) -> dict[tuple[int, str], int]:
    """Tickets reported under an agreement per (provider function, bucket)."""
    inner = (
        select(
            Ticket.agreement_id.label("aid"),
            _bucket_of(Ticket.created_dt, buckets).label("bucket"),
        )
        .where(*_in(Ticket.created_dt, buckets), *_agreement_scope(function_id))
        .subquery()
    )
    stmt = select(inner.c.aid, inner.c.bucket, func.count()).group_by(inner.c.aid, inner.c.bucket)
    providers = _providers()
    result: dict[tuple[int, str], int] = defaultdict(int)
    for aid, key, n in db.session.execute(stmt):
        result[(providers[aid], key)] += int(n)
    return dict(result)


def percentile(values: list[float], share: float) -> float | None:
    """Linear interpolation between closest ranks: what PostgreSQL's percentile_cont does."""
    if not values:
        return None
    position = share * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


PERCENTILE_FIELDS = ("response_p50", "response_p90", "resolution_p50", "resolution_p90")


def durations(
    buckets: list[Bucket], function_id: int | None = None
) -> dict[tuple[int | None, str | None], tuple[float | None, ...]]:
    """Median and p90 of response and resolution seconds, per (function, bucket) and rolled
    up (None stands for "all"). PostgreSQL computes them; SQLite returns the columns."""
    inner = _provider_scope(
        select(
            Service.provider_function_id.label("fid"),
            _bucket_of(Ticket.sla_outcome_dt, buckets).label("bucket"),
            Ticket.response_s.label("response_s"),
            Ticket.resolution_s.label("resolution_s"),
        ).where(Ticket.sla_state.in_(MEASURED), *_in(Ticket.sla_outcome_dt, buckets)),
        function_id,
    ).subquery()
    if db.session.get_bind().dialect.name == "postgresql":
        stmt = select(
            inner.c.fid,
            inner.c.bucket,
            *(
                func.percentile_cont(p).within_group(column)
                for column in (inner.c.response_s, inner.c.resolution_s)
                for p in (0.5, 0.9)
            ),
        ).group_by(
            func.grouping_sets(
                tuple_(inner.c.fid, inner.c.bucket), tuple_(inner.c.fid), tuple_(inner.c.bucket),
                tuple_(),
            )
        )  # fmt: skip
        return {(fid, key): tuple(rest) for fid, key, *rest in db.session.execute(stmt)}
    groups: dict[tuple[int | None, str | None], tuple[list, list]] = defaultdict(lambda: ([], []))
    stmt = select(inner.c.fid, inner.c.bucket, inner.c.response_s, inner.c.resolution_s)
    for fid, key, response, resolution in db.session.execute(stmt):
        for group in ((fid, key), (fid, None), (None, key), (None, None)):
            if response is not None:
                groups[group][0].append(response)
            if resolution is not None:
                groups[group][1].append(resolution)
    return {
        group: tuple(percentile(sorted(values), p) for values in lists for p in (0.5, 0.9))
        for group, lists in groups.items()
    }


@dataclass
class Achievement:
    quarter: Quarter
    function: Function | None
    months: list[tuple[str, Figures]]
    total: Figures
    by_function: list[tuple[Function, Figures]]
    trend: list[tuple[str, Figures]]
    breached: list[Any] = field(default_factory=list)
    breached_total: int = 0


def achievement(
    quarter: Quarter, function: Function | None, breached_limit: int = 50
) -> Achievement:
    tz = org_timezone()
    fid = function.id if function else None
    quarters = [
        quarter.previous(n)
        for n in range(current_app.config["ACHIEVEMENT_TREND_QUARTERS"] - 1, -1, -1)
    ]
    trend_buckets = [Bucket(q.key, q.months(tz)[0].start, q.months(tz)[-1].end) for q in quarters]
    months = quarter.months(tz)
    volume = volumes(months, fid)
    spread = durations(months, fid)

    trend = {q.key: Figures() for q in quarters}
    for (_f, key), figures in counts(trend_buckets, fid).items():
        trend[key].add_counts(figures)
    per_month = {b.key: Figures() for b in months}
    per_function: dict[int, Figures] = defaultdict(Figures)
    for (f, key), figures in counts(months, fid).items():
        per_month[key].add_counts(figures)
        per_function[f].add_counts(figures)
    for (f, key), n in volume.items():
        per_month[key].volume += n
        per_function[f].volume += n
    total = Figures()
    for figures in per_month.values():
        total.add_counts(figures)
    for key, figures in per_month.items():
        _set_spread(figures, spread.get((fid, key) if fid else (None, key)))
    _set_spread(total, spread.get((fid, None) if fid else (None, None)))
    functions = {f.id: f for f in db.session.scalars(select(Function).order_by(Function.name))}
    for f, figures in per_function.items():
        _set_spread(figures, spread.get((f, None)))
    rows, breached_total = breached_tickets(months[0].start, months[-1].end, fid, breached_limit)
    return Achievement(
        quarter=quarter,
        function=function,
        months=list(per_month.items()),
        total=total,
        by_function=sorted(
            ((functions[f], figures) for f, figures in per_function.items()),
            key=lambda pair: pair[0].name,
        ),
        trend=list(trend.items()),
        breached=rows,
        breached_total=breached_total,
    )


def _set_spread(figures: Figures, values: tuple[float | None, ...] | None) -> None:
    for name, value in zip(PERCENTILE_FIELDS, values or (None,) * 4, strict=True):
        setattr(figures, name, float(value) if isinstance(value, (int, float, Decimal)) else None)


def breached_tickets(
    start: datetime, end: datetime, function_id: int | None, limit: int | None = 50
) -> tuple[list[Any], int]:
    """Breached tickets of the period with the measures taken, and how many there are."""
    where = [
        Ticket.sla_state == SlaState.BREACHED,
        Ticket.sla_outcome_dt >= start,
        Ticket.sla_outcome_dt < end,
    ]
    base = _provider_scope(select(func.count(Ticket.id)).where(*where), function_id)
    total = db.session.scalar(base) or 0
    stmt = _provider_scope(
        select(
            Ticket.number, Ticket.title, Ticket.status, Ticket.severity,
            Function.name.label("function"), Handoff.name.label("handoff"),
            Ticket.resolution_due_dt, Ticket.resolved_dt, Ticket.sla_outcome_dt,
            Ticket.corrective_action, Ticket.preventive_action,
        )
        .join(Handoff, Handoff.id == Ticket.handoff_id)
        .where(*where),
        function_id,
    ).join(Function, Function.id == Service.provider_function_id)  # fmt: skip
    stmt = stmt.order_by(Ticket.sla_outcome_dt.desc(), Ticket.id.desc())
    if limit:
        stmt = stmt.limit(limit)
    return list(db.session.execute(stmt)), int(total)


def achievement_for_period(start: datetime, end: datetime) -> dict[str, Any]:
    """For the quarterly review agenda: each function's figures and the breached tickets.

    Returns {"functions": [{"function_id", "function", "met", "breached", "share",
    "volume", "response_p50", "response_p90", "resolution_p50", "resolution_p90"}],
    "breached": [{"number", "title", "function", "handoff", "due", "measures"}]}.
    """
    bucket = [Bucket("period", start, end)]
    counted, volume, spread = counts(bucket), volumes(bucket), durations(bucket)
    names = {fid: name for fid, name in db.session.execute(select(Function.id, Function.name))}
    figures: dict[int, Figures] = defaultdict(Figures)
    for (fid, _key), f in counted.items():
        figures[fid].add_counts(f)
    for (fid, _key), n in volume.items():
        figures[fid].volume += n
    functions = []
    for fid, f in sorted(figures.items(), key=lambda item: names.get(item[0], "")):
        _set_spread(f, spread.get((fid, None)))
        functions.append(
            {"function_id": fid, "function": names.get(fid, ""), "met": f.met,
             "breached": f.breached, "share": f.share, "volume": f.volume}
            | {name: getattr(f, name) for name in PERCENTILE_FIELDS}
        )  # fmt: skip
    rows, _total = breached_tickets(start, end, None, limit=None)
    breached = [
        {"number": r.number, "title": r.title, "function": r.function, "handoff": r.handoff,
         "due": r.resolution_due_dt, "measures": r.corrective_action or r.preventive_action}
        for r in rows
    ]  # fmt: skip
    return {"functions": functions, "breached": breached}


def handoff_map(start: datetime, end: datetime) -> dict[tuple[int, int], dict[str, Any]]:
    """Defects and their financial impact per (from, to) function pair, in one statement."""
    stmt = (
        select(
            Handoff.from_function_id, Handoff.to_function_id, Ticket.impact_currency,
            func.count(Ticket.id), func.sum(Ticket.impact_amount),
        )
        .join(Handoff, Handoff.id == Ticket.handoff_id)
        .where(
            Ticket.created_dt >= start, Ticket.created_dt < end,
            Ticket.status.not_in([Status.REJECTED, Status.DUPLICATE]),
        )
        .group_by(Handoff.from_function_id, Handoff.to_function_id, Ticket.impact_currency)
    )  # fmt: skip
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for from_id, to_id, currency, count, amount in db.session.execute(stmt):
        cell = cells.setdefault((from_id, to_id), {"count": 0, "amounts": {}})
        cell["count"] += int(count)
        if amount is not None:
            cell["amounts"][currency] = Decimal(amount)
    return cells
