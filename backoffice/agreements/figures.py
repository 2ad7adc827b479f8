"""The figures behind the achievement page, computed in SQL over explicit UTC buckets.

Counts come from grouped statements over the (sla_state, sla_outcome_dt,
agreement_id) index; medians and 90th percentiles from PostgreSQL's
`percentile_cont` (grouping sets), or on SQLite, which has no percentile
aggregate, from the durations it lists per (function, bucket).
Months and quarters are cut in the organisation's time zone, so the buckets are
UTC ranges handed to SQL (as a CASE expression, or one index range each).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, case, func, literal, select, tuple_, type_coerce, union_all

from backoffice.agreements.models import Agreement, Service
from backoffice.extensions import db
from backoffice.tickets.figures import reported_in
from backoffice.tickets.models import SlaState, Ticket

MEASURED = (SlaState.MET, SlaState.BREACHED)
REPORTED = "reported"  # the trend's volume rows, beside the SLA states


@dataclass(frozen=True)
class Bucket:
    key: str  # "2026-04" or "2026-Q2"
    start: datetime  # UTC
    end: datetime


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


def provider_scope(stmt: Any, function_id: int | None) -> Any:
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


def agreement_providers() -> dict[int, int]:
    rows = db.session.execute(
        select(Agreement.id, Service.provider_function_id).join(
            Service, Service.id == Agreement.service_id
        )
    )
    return {aid: fid for aid, fid in rows}


def counts(
    buckets: list[Bucket], function_id: int | None = None, providers: dict[int, int] | None = None
) -> dict[tuple[int, str], Figures]:
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
    providers = providers if providers is not None else agreement_providers()
    result: dict[tuple[int, str], Figures] = defaultdict(Figures)
    for aid, key, met, breached in db.session.execute(stmt):
        result[(providers[aid], key)].add_counts(Figures(int(met), int(breached)))
    return dict(result)


def totals(buckets: list[Bucket], function_id: int | None = None) -> dict[str, Figures]:
    """Met, breached and reported per bucket, all functions together (the trend over quarters).

    One short index range per bucket and figure, counted where it lies: outcomes
    over (sla_state, sla_outcome_dt, agreement_id), reports over (status, created_dt).
    Sorting two years of tickets into groups by a CASE over their times costs ten
    times as much.
    """
    scope = _agreement_scope(function_id)
    branches = [
        select(literal(b.key).label("bucket"), type_coerce(Ticket.sla_state, String), func.count())
        .where(
            Ticket.sla_state.in_(MEASURED),
            Ticket.sla_outcome_dt >= b.start,
            Ticket.sla_outcome_dt < b.end,
            *scope,
        )
        .group_by(Ticket.sla_state)
        for b in buckets
    ] + [
        select(literal(b.key), literal(REPORTED), func.count()).where(
            *reported_in(b.start, b.end), *scope
        )
        for b in buckets
    ]
    result = {b.key: Figures() for b in buckets}
    for key, state, n in db.session.execute(union_all(*branches)):
        if state == REPORTED:
            result[key].volume += int(n)
        elif state == SlaState.MET:
            result[key].met += int(n)
        else:
            result[key].breached += int(n)
    return result


def volumes(
    buckets: list[Bucket], function_id: int | None = None, providers: dict[int, int] | None = None
) -> dict[tuple[int, str], int]:
    """Tickets reported under an agreement per (provider function, bucket)."""
    inner = (
        select(
            Ticket.agreement_id.label("aid"),
            _bucket_of(Ticket.created_dt, buckets).label("bucket"),
        )
        .where(*reported_in(buckets[0].start, buckets[-1].end), *_agreement_scope(function_id))
        .subquery()
    )
    stmt = select(inner.c.aid, inner.c.bucket, func.count()).group_by(inner.c.aid, inner.c.bucket)
    providers = providers if providers is not None else agreement_providers()
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


def _numbers(listed: str | None) -> list[int]:
    """SQLite's group_concat of integers (None when all were null) as a list."""
    return list(map(int, listed.split(","))) if listed else []


PERCENTILE_FIELDS = ("response_p50", "response_p90", "resolution_p50", "resolution_p90")


def durations(
    buckets: list[Bucket], function_id: int | None = None
) -> dict[tuple[int | None, str | None], tuple[float | None, ...]]:
    """Median and p90 of response and resolution seconds, per (function, bucket) and rolled
    up (None stands for "all").

    PostgreSQL computes them with `percentile_cont` over grouping sets. SQLite has
    no percentile aggregate, and ranking with window functions (a sort per grouping
    and measure) measured four times slower than this: SQLite hands over each
    (function, bucket)'s durations as one list, parsed and sorted here in C
    (`str.split`, `sorted`); no Python code runs per ticket.
    """
    inner = provider_scope(
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
    stmt = select(
        inner.c.fid,
        inner.c.bucket,
        func.group_concat(inner.c.response_s),
        func.group_concat(inner.c.resolution_s),
    ).group_by(inner.c.fid, inner.c.bucket)
    groups: dict[tuple[int | None, str | None], tuple[list, list]] = defaultdict(lambda: ([], []))
    for fid, key, *listed in db.session.execute(stmt):
        responses, resolutions = map(_numbers, listed)
        for group in ((fid, key), (fid, None), (None, key), (None, None)):
            groups[group][0].extend(responses)
            groups[group][1].extend(resolutions)
    return {
        group: tuple(percentile(sorted(values), p) for values in lists for p in (0.5, 0.9))
        for group, lists in groups.items()
    }
