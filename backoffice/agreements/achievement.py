"""Published achievement: how often each function kept its agreements, per quarter.

Assembles the page and the review agenda from the figures computed in SQL
(`figures.py`): the quarter's months, its functions, the trend over the last
quarters and the breached tickets, in a fixed number of statements whatever
the number of tickets. Also the handoff map.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from backoffice.agreements.figures import (
    PERCENTILE_FIELDS,
    Bucket,
    Figures,
    agreement_providers,
    counts,
    durations,
    provider_scope,
    totals,
    volumes,
)
from backoffice.agreements.models import Service
from backoffice.agreements.targets import bar, function_targets, target_of
from backoffice.extensions import db
from backoffice.i18n import org_timezone, org_today
from backoffice.org.models import Function, Handoff
from backoffice.quarters import Quarter
from backoffice.tickets.figures import reported_in
from backoffice.tickets.models import SlaState, Ticket

# The breached tickets listed on the achievement page and the review agenda (a busy
# quarter has thousands; all are counted, the latest are listed, the export has all).
BREACHED_ROWS_SHOWN = 50


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


def quarter_months(quarter: Quarter, tz: ZoneInfo) -> list[Bucket]:
    """The quarter's three months, each a bucket keyed "2026-10"."""
    return month_buckets(quarter.year, 3 * quarter.number - 2, 3, tz)


def current_quarter() -> Quarter:
    return Quarter.of(org_today())


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
    targets: dict[int, int] = field(default_factory=dict)

    @property
    def target(self) -> int:
        """The target share (per cent) of the page's scope: the function, or the office."""
        return target_of(self.targets, self.function.id if self.function else None)

    @property
    def trend_bars(self) -> list[dict[str, Any]]:
        return [
            bar(key, f.share, self.target, met=f.met, measured=f.measured) for key, f in self.trend
        ]

    @property
    def function_bars(self) -> list[dict[str, Any]]:
        return [
            bar(fn.name, f.share, target_of(self.targets, fn.id), met=f.met, measured=f.measured)
            for fn, f in self.by_function
        ]


def achievement(
    quarter: Quarter,
    function: Function | None,
    breached_limit: int | None = BREACHED_ROWS_SHOWN,
    trend_spread: bool = False,
) -> Achievement:
    """The quarter's figures; `trend_spread` adds the trend's medians and 90th percentiles
    (two years of durations: the export wants them, the page shows shares only)."""
    tz = org_timezone()
    fid = function.id if function else None
    quarters = [
        quarter.previous(n)
        for n in range(current_app.config["ACHIEVEMENT_TREND_QUARTERS"] - 1, -1, -1)
    ]
    trend_buckets = [Bucket(q.key, *q.bounds(tz)) for q in quarters]
    months = quarter_months(quarter, tz)
    providers = agreement_providers()
    volume = volumes(months, fid, providers)
    spread = durations(months, fid)
    trend = totals(trend_buckets, fid)
    if trend_spread:
        for (f, key), values in durations(trend_buckets, fid).items():
            if f == fid and key is not None:
                _set_spread(trend[key], values)
    per_month = {b.key: Figures() for b in months}
    per_function: dict[int, Figures] = defaultdict(Figures)
    for (f, key), figures in counts(months, fid, providers).items():
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
    rows = breached_tickets(*quarter.bounds(tz), fid, breached_limit)
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
        breached_total=total.breached,  # counted with the months: no statement of its own
        targets=function_targets(),
    )


def _set_spread(figures: Figures, values: tuple[float | None, ...] | None) -> None:
    for name, value in zip(PERCENTILE_FIELDS, values or (None,) * 4, strict=True):
        setattr(figures, name, float(value) if isinstance(value, (int, float, Decimal)) else None)


def breached_tickets(
    start: datetime, end: datetime, function_id: int | None, limit: int | None = BREACHED_ROWS_SHOWN
) -> list[Any]:
    """Breached tickets of the period with the measures taken, the latest first."""
    where = [
        Ticket.sla_state == SlaState.BREACHED,
        Ticket.sla_outcome_dt >= start,
        Ticket.sla_outcome_dt < end,
    ]
    stmt = provider_scope(
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
    return list(db.session.execute(stmt))


def achievement_for_period(
    start: datetime, end: datetime, breached_rows: int = BREACHED_ROWS_SHOWN
) -> dict[str, Any]:
    """For the quarterly review agenda: each function's figures and the breached tickets.

    Returns {"functions": [{"function_id", "function", "met", "breached", "share",
    "volume", "target", "response_p50", "response_p90", "resolution_p50", "resolution_p90"}],
    "breached": [{"number", "title", "function", "handoff", "due", "measures"}],
    "breached_total": n}: the latest `breached_rows` breached tickets are listed
    (a busy quarter has thousands), all of them are counted.
    """
    bucket = [Bucket("period", start, end)]
    counted, volume, spread = counts(bucket), volumes(bucket), durations(bucket)
    names = {fid: name for fid, name in db.session.execute(select(Function.id, Function.name))}
    figures: dict[int, Figures] = defaultdict(Figures)
    for (fid, _key), f in counted.items():
        figures[fid].add_counts(f)
    for (fid, _key), n in volume.items():
        figures[fid].volume += n
    functions, targets = [], function_targets()
    for fid, f in sorted(figures.items(), key=lambda item: names.get(item[0], "")):
        _set_spread(f, spread.get((fid, None)))
        functions.append(
            {"function_id": fid, "function": names.get(fid, ""), "met": f.met,
             "breached": f.breached, "share": f.share, "volume": f.volume,
             "target": target_of(targets, fid)}
            | {name: getattr(f, name) for name in PERCENTILE_FIELDS}
        )  # fmt: skip
    rows = breached_tickets(start, end, None, limit=breached_rows)
    breached = [
        {"number": r.number, "title": r.title, "function": r.function, "handoff": r.handoff,
         "due": r.resolution_due_dt, "measures": r.corrective_action or r.preventive_action}
        for r in rows
    ]  # fmt: skip
    breached_total = sum(row["breached"] for row in functions)
    return {"functions": functions, "breached": breached, "breached_total": breached_total}


def handoff_map(start: datetime, end: datetime) -> dict[tuple[int, int], dict[str, Any]]:
    """Tickets reported and their financial impact (per currency) per (from, to) function
    pair, in one statement."""
    stmt = (
        select(
            Handoff.from_function_id, Handoff.to_function_id, Ticket.impact_currency,
            func.count(Ticket.id), func.sum(Ticket.impact_amount),
        )
        .join(Handoff, Handoff.id == Ticket.handoff_id)
        .where(*reported_in(start, end))
        .group_by(Handoff.from_function_id, Handoff.to_function_id, Ticket.impact_currency)
    )  # fmt: skip
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for from_id, to_id, currency, count, amount in db.session.execute(stmt):
        cell = cells.setdefault((from_id, to_id), {"count": 0, "amounts": {}})
        cell["count"] += int(count)
        if amount is not None:
            cell["amounts"][currency] = Decimal(amount)
    return cells
