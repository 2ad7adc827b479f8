"""The agenda's figures: per-handoff counts against the previous quarter, and the
service-agreement achievement. Split from `agenda` because both are aggregates
over the whole quarter, where the rest of the agenda lists tickets.

Each statement reads an index range of the two quarters (reported: `created_dt`;
resolved: `resolved_dt`), so the cost follows the tickets of those quarters,
not all the tickets there have ever been.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, literal, select, union_all

from backoffice.agreements.achievement import achievement_for_period
from backoffice.extensions import db
from backoffice.quarters import Quarter
from backoffice.tickets.figures import reported_in, resolved_in
from backoffice.tickets.models import EventKind, Status, Ticket, TicketEvent

COUNTS = ("reported", "prev_reported", "resolved", "prev_resolved")
AMOUNTS = ("impact_amount", "prev_impact_amount")
DISPUTES = ("disputed", "prev_disputed")
AGREEMENT_FIGURES = (
    "function", "volume", "met", "breached", "share", "target",
    "response_p50", "response_p90", "resolution_p50", "resolution_p90",
)  # fmt: skip
NO_HANDOFF = {"from": "", "to": "", "name": ""}


def _within(column: Any, lo: datetime, hi: datetime) -> Any:
    return and_(column >= lo, column < hi)


def _per_handoff(prev_start: datetime, start: datetime, end: datetime) -> list[Any]:
    """Reported, resolved and impact per handoff in this quarter and the previous one.

    Two index ranges stacked and summed: one statement with `created OR resolved`
    in the two quarters would read the whole table.
    """

    def this(column: Any, value: Any = 1) -> Any:
        return case((column >= start, value), else_=0)

    def prev(column: Any, value: Any = 1) -> Any:
        return case((column < start, value), else_=0)

    created, resolved, impact = Ticket.created_dt, Ticket.resolved_dt, Ticket.impact_amount
    zero = literal(0)
    reported = select(
        Ticket.handoff_id.label("handoff_id"),
        this(created).label("reported"), prev(created).label("prev_reported"),
        zero.label("resolved"), zero.label("prev_resolved"),
        this(created, impact).label("impact_amount"),
        prev(created, impact).label("prev_impact_amount"),
    ).where(*reported_in(prev_start, end))  # fmt: skip
    closed = select(
        Ticket.handoff_id, zero, zero, this(resolved), prev(resolved), zero, zero
    ).where(*resolved_in(prev_start, end))
    both = union_all(reported, closed).subquery()
    return db.session.execute(
        select(
            both.c.handoff_id,
            *(func.sum(both.c[name]).label(name) for name in COUNTS + AMOUNTS),
        ).group_by(both.c.handoff_id)
    ).all()


def _disputes(prev_start: datetime, start: datetime, end: datetime) -> list[Any]:
    """Assignments disputed per handoff, this quarter and the previous one."""

    def count_if(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    return db.session.execute(
        select(
            Ticket.handoff_id,
            count_if(TicketEvent.created_dt >= start).label("disputed"),
            count_if(TicketEvent.created_dt < start).label("prev_disputed"),
        )
        .join(Ticket, TicketEvent.ticket_id == Ticket.id)
        .where(
            TicketEvent.kind == EventKind.STATUS,
            TicketEvent.new_value == Status.DISPUTED.value,
            _within(TicketEvent.created_dt, prev_start, end),
        )
        .group_by(Ticket.handoff_id)
    ).all()


def _median_days(prev_start: datetime, start: datetime, end: datetime) -> dict[bool, float | None]:
    """Median days from report to resolution, this quarter (True) and the previous one."""
    durations: dict[bool, list[float]] = defaultdict(list)
    for created_dt, resolved_dt in db.session.execute(
        select(Ticket.created_dt, Ticket.resolved_dt).where(*resolved_in(prev_start, end))
    ):
        durations[resolved_dt >= start].append((resolved_dt - created_dt).total_seconds() / 86400)
    return {
        key: round(statistics.median(durations[key]), 1) if durations[key] else None
        for key in (True, False)
    }


def quarter_figures(quarter: Quarter, tz: str, handoffs: dict) -> dict[str, Any]:
    """Reported, resolved, impact and disputes per handoff, this quarter against the last."""
    start, end = quarter.bounds(tz)
    prev_start, _ = quarter.previous().bounds(tz)
    per_handoff: dict[int, dict[str, Any]] = defaultdict(
        lambda: dict.fromkeys(COUNTS + DISPUTES, 0) | dict.fromkeys(AMOUNTS, Decimal("0.00"))
    )
    for r in _per_handoff(prev_start, start, end):
        entry = per_handoff[r.handoff_id]
        entry.update({name: int(getattr(r, name) or 0) for name in COUNTS})
        entry.update(
            {name: Decimal(getattr(r, name) or 0).quantize(Decimal("0.01")) for name in AMOUNTS}
        )
    for r in _disputes(prev_start, start, end):
        entry = per_handoff[r.handoff_id]
        entry["disputed"], entry["prev_disputed"] = int(r.disputed), int(r.prev_disputed)
    totals: dict[str, Any] = {
        name: sum((e[name] for e in per_handoff.values()), 0) for name in COUNTS + DISPUTES
    } | {name: sum((e[name] for e in per_handoff.values()), Decimal("0.00")) for name in AMOUNTS}
    medians = _median_days(prev_start, start, end)
    totals["median_days"], totals["prev_median_days"] = medians[True], medians[False]
    lines = [
        handoffs.get(handoff_id, NO_HANDOFF) | values for handoff_id, values in per_handoff.items()
    ]
    lines.sort(key=lambda line: (-line["reported"], line["from"], line["to"], line["name"]))
    return {"per_handoff": lines, "totals": totals}


TREND_QUARTERS = 8


def quarter_trend(quarter: Quarter, tz: str) -> list[dict[str, Any]]:
    """Reported and resolved tickets in each of the eight quarters up to `quarter`.

    Two statements, each one index range over the two years (`created_dt`, `resolved_dt`),
    counting every quarter in its own column.
    """
    quarters = [quarter.previous(n) for n in range(TREND_QUARTERS - 1, -1, -1)]
    bounds = [q.bounds(tz) for q in quarters]
    first, last = bounds[0][0], bounds[-1][1]

    def per_quarter(column: Any, where: list[Any]) -> list[int]:
        sums = [func.sum(case((_within(column, lo, hi), 1), else_=0)) for lo, hi in bounds]
        row = db.session.execute(select(*sums).where(*where)).one()
        return [int(n or 0) for n in row]

    reported = per_quarter(Ticket.created_dt, reported_in(first, last))
    resolved = per_quarter(Ticket.resolved_dt, resolved_in(first, last))
    return [
        {"quarter": q.key, "reported": rep, "resolved": res}
        for q, rep, res in zip(quarters, reported, resolved, strict=True)
    ]


def agreement_section(start: datetime, end: datetime, max_rows: int) -> dict[str, Any]:
    """Each function's service-agreement achievement in the quarter, and its breached tickets.

    Only JSON-safe values are kept (counts, shares and business seconds as numbers, the
    resolution due time as `due_dt`), so a snapshot reads back exactly as it was built.
    The newest `max_rows` breached tickets are listed; `breached_total` counts them all.
    """
    achieved = achievement_for_period(start, end, breached_rows=max_rows)
    functions = [{key: row[key] for key in AGREEMENT_FIGURES} for row in achieved["functions"]]
    met = sum(row["met"] for row in functions)
    breached = achieved["breached_total"]
    totals = {
        "met": met,
        "breached": breached,
        "share": met / (met + breached) if met + breached else None,
        "volume": sum(row["volume"] for row in functions),
    }
    rows = [
        {"number": b["number"], "title": b["title"], "function": b["function"],
         "handoff": b["handoff"], "due_dt": b["due"], "measures": b["measures"] or ""}
        for b in achieved["breached"]
    ]  # fmt: skip
    return {
        "functions": functions,
        "totals": totals,
        "breached": rows,
        "breached_total": breached,
    }
