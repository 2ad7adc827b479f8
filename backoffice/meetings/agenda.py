"""The review agenda, computed from the tickets in a fixed number of aggregate queries.

`build_agenda` returns plain data (dicts, lists, dates, Decimals), so the same
structure renders the live draft and, stored as JSON, a frozen snapshot that
looks exactly like it did when it was published. Keys carry their type
(`*_dt`, `*_date`, `*amount`) so `agenda_json.agenda_from_json` can revive them.
"""

from __future__ import annotations

import operator
from datetime import datetime, timedelta
from decimal import Decimal
from functools import reduce
from typing import Any

from flask import current_app
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from backoffice.agreements.achievement import BREACHED_ROWS_SHOWN
from backoffice.auth.models import User
from backoffice.extension_points import AgendaPeriod, agenda_sections
from backoffice.extensions import db
from backoffice.i18n import org_language, org_timezone_name
from backoffice.meetings.agenda_figures import agreement_section, quarter_figures, quarter_trend
from backoffice.meetings.models import ActionItem, QuarterlyReview
from backoffice.meetings.schedule import previous_review
from backoffice.models import utcnow
from backoffice.org.models import Function, Handoff
from backoffice.quarters import Quarter
from backoffice.tickets.deadline import DEADLINE_COLUMNS, next_deadline, overdue_since
from backoffice.tickets.deadline import overdue as ticket_overdue
from backoffice.tickets.figures import counted, reported_in
from backoffice.tickets.models import (
    OPEN_STATUSES,
    PickListItem,
    Severity,
    Ticket,
)

# What every ticket row of the agenda starts with.
TICKET_HEADLINE = (Ticket.number, Ticket.title, Ticket.status, Ticket.severity)
SECTIONS = ("open", "reported", "resolved", "repeats", "actions", "figures", "agreements")
REPEAT_THRESHOLD = 3
MEASURES_SHOWN = 3  # preventive actions listed per repeating cause

# Priority points: severity dominates; being overdue, old, expensive or a repeat adds to it.
SEVERITY_POINTS = {Severity.CRITICAL: 40, Severity.HIGH: 30, Severity.MEDIUM: 20, Severity.LOW: 10}
OVERDUE_POINTS = 15
IMPACT_STEPS = (
    (Decimal(100_000), 10),
    (Decimal(10_000), 8),
    (Decimal(1_000), 5),
    (Decimal(100), 2),
)


def priority_points(now: datetime) -> Any:
    """Priority as SQL, so only the rows that are shown leave the database.

    Severity 10–40, overdue +15, age +1 per 14 days (at most 10), impact +2/+5/+8/+10
    from 100/1,000/10,000/100,000. (Similar open tickets add +3 each, at most 9:
    that needs a window count, added by the caller.)
    """
    severity = case(
        {s.value: points for s, points in SEVERITY_POINTS.items()}, value=Ticket.severity
    )
    overdue = case((ticket_overdue(now), OVERDUE_POINTS), else_=0)
    age = reduce(
        operator.add,
        [
            case((Ticket.created_dt <= now - timedelta(days=14 * k), 1), else_=0)
            for k in range(1, 11)
        ],
    )
    impact = case(
        *((Ticket.impact_amount >= threshold, step) for threshold, step in IMPACT_STEPS), else_=0
    )
    return severity + overdue + age + impact


def _labels(locale: str) -> tuple[dict[int, dict[str, str]], dict[int, str]]:
    """Handoff and pick-list labels, two small statements instead of joins on every row."""
    src, dst = aliased(Function), aliased(Function)
    handoffs = {
        row.id: {"from": row.src, "to": row.dst, "name": row.name}
        for row in db.session.execute(
            select(Handoff.id, Handoff.name, src.name.label("src"), dst.name.label("dst"))
            .join(src, Handoff.from_function_id == src.id)
            .join(dst, Handoff.to_function_id == dst.id)
        )
    }
    picks = {item.id: item.label_for(locale) for item in db.session.scalars(select(PickListItem))}
    return handoffs, picks


def _open_tickets(now: datetime, handoffs: dict, max_rows: int) -> dict[str, Any]:
    """The `max_rows` open tickets of highest priority, with totals over all of them."""
    ranked = (
        select(
            Ticket.id,
            (priority_points(now)).label("base"),
            func.count()
            .over(partition_by=(Ticket.handoff_id, Ticket.category_id))
            .label("similar"),
            func.count().over(partition_by=Ticket.handoff_id).label("handoff_total"),
            func.count().over().label("total"),
        )
        .where(Ticket.status.in_(list(OPEN_STATUSES)))
        .subquery()
    )
    repeats = ranked.c.similar - 1
    points = ranked.c.base + case((repeats >= 3, 9), else_=3 * repeats)
    rows = db.session.execute(
        select(
            *TICKET_HEADLINE,
            Ticket.created_dt,
            Ticket.last_activity_dt,
            *DEADLINE_COLUMNS,
            Ticket.impact_amount,
            Ticket.impact_currency,
            Ticket.handoff_id,
            User.name.label("owner"),
            points.label("priority"),
            repeats.label("repeats"),
            ranked.c.handoff_total,
            ranked.c.total,
        )  # fmt: skip
        .join(ranked, ranked.c.id == Ticket.id)
        .outerjoin(User, Ticket.owner_id == User.id)
        .order_by(points.desc(), Ticket.created_dt, Ticket.number)
        .limit(max_rows)
    ).all()
    groups: dict[int, dict[str, Any]] = {}
    for r in rows:
        deadline = next_deadline(r, now)  # the one rule: tickets.deadline
        group = groups.get(r.handoff_id)
        if group is None:
            group = groups[r.handoff_id] = {
                **handoffs.get(r.handoff_id, {"from": "", "to": "", "name": ""}),
                "total": int(r.handoff_total),
                "tickets": [],
            }
        group["tickets"].append(
            {
                "number": r.number, "title": r.title, "status": r.status.value,
                "severity": r.severity.value, "owner": r.owner or "",
                "age_days": max((now - r.created_dt).days, 0),
                "last_activity_dt": r.last_activity_dt, "due_date": r.due_date,
                "is_overdue": bool(deadline and deadline.is_past),
                "overdue_since_date": overdue_since(deadline),
                "impact_amount": r.impact_amount, "currency": r.impact_currency,
                "repeats": int(r.repeats), "priority": int(r.priority),
            }
        )  # fmt: skip
    total = int(rows[0].total) if rows else 0
    return {"total": total, "shown": len(rows), "groups": list(groups.values())}


def _recent(column: Any, since: datetime, max_rows: int, handoffs: dict, picks: dict) -> dict:
    """Tickets whose `column` (created or resolved) lies after `since`; the newest first."""
    rows = db.session.execute(
        select(
            *TICKET_HEADLINE,
            Ticket.handoff_id,
            Ticket.category_id,
            Ticket.root_cause_id,
            Ticket.preventive_action,
            Ticket.created_dt,
            Ticket.resolved_dt,
        )  # fmt: skip
        .where(counted(), column >= since)
        .order_by(column.desc(), Ticket.number)
        .limit(max_rows)
    ).all()
    # Counted apart: a count over the window would fetch every row the limit leaves out.
    total = db.session.scalar(
        select(func.count()).select_from(Ticket).where(counted(), column >= since)
    )
    items = [
        {
            "number": r.number,
            "title": r.title,
            "status": r.status.value,
            "severity": r.severity.value,
            "handoff": handoffs.get(r.handoff_id, {}),
            "category": picks.get(r.category_id, ""),
            "category_id": r.category_id,
            "root_cause": picks.get(r.root_cause_id, "") if r.root_cause_id else "",
            "root_cause_id": r.root_cause_id,
            "preventive_action": r.preventive_action or "",
            "created_dt": r.created_dt,
            "resolved_dt": r.resolved_dt,
        }  # fmt: skip
        for r in rows
    ]
    return {"total": total, "items": items}


def _repeats(start: datetime, end: datetime, handoffs: dict, picks: dict) -> list[dict]:
    rows = db.session.execute(
        select(
            Ticket.handoff_id,
            Ticket.category_id,
            func.count(Ticket.id).label("n"),
            func.max(Ticket.created_dt).label("last_dt"),
        )
        .where(*reported_in(start, end))
        .group_by(Ticket.handoff_id, Ticket.category_id)
        .having(func.count(Ticket.id) >= REPEAT_THRESHOLD)
        .order_by(func.count(Ticket.id).desc())
    ).all()
    measures = _measures_that_did_not_stop(rows)
    return [
        {
            "handoff": handoffs.get(r.handoff_id, {}),
            "category": picks.get(r.category_id, ""),
            "category_id": r.category_id,
            "count": r.n,
            "measures": measures.get((r.handoff_id, r.category_id), []),
        }  # fmt: skip
        for r in rows
    ]


def _measures_that_did_not_stop(groups: list[Any]) -> dict[tuple[int, int], list[dict]]:
    """Per repeating (handoff, category): the preventive actions recorded before the group's
    latest report, newest first, at most MEASURES_SHOWN (one statement for all groups).

    The database ranks them per group and sends only those shown: with 100,000 tickets it
    sent every resolved one with a preventive action in the groups (0.5 s on PostgreSQL,
    and tens of MB held while the agenda PDF is made) for 3 a group to be kept."""
    if not groups:
        return {}
    last = {(g.handoff_id, g.category_id): g.last_dt for g in groups}
    newest_first = (Ticket.resolved_dt.desc(), Ticket.id.desc())
    before_last = [
        and_(Ticket.handoff_id == h, Ticket.category_id == c, Ticket.resolved_dt < last_dt)
        for (h, c), last_dt in last.items()
    ]
    ranked = (
        select(
            Ticket.number,
            Ticket.preventive_action,
            Ticket.resolved_dt,
            Ticket.handoff_id,
            Ticket.category_id,
            func.row_number()
            .over(partition_by=(Ticket.handoff_id, Ticket.category_id), order_by=newest_first)
            .label("rank"),
        )
        .where(or_(*before_last), Ticket.preventive_action != "")
        .subquery()
    )
    rows = db.session.execute(
        select(ranked)
        .where(ranked.c.rank <= MEASURES_SHOWN)
        .order_by(ranked.c.resolved_dt.desc(), ranked.c.rank)
    ).all()
    measures: dict[tuple[int, int], list[dict]] = {}
    for r in rows:
        shown = measures.setdefault((r.handoff_id, r.category_id), [])
        shown.append({"number": r.number, "preventive_action": r.preventive_action,
                      "resolved_dt": r.resolved_dt})  # fmt: skip
    return measures


def _actions(review: QuarterlyReview, previous: QuarterlyReview | None) -> list[dict]:
    """Every action item still open from earlier reviews, and all decided at the last one."""
    owner = aliased(User)
    wanted = ActionItem.status == "open"
    if previous is not None:
        wanted = or_(wanted, ActionItem.review_id == previous.id)
    rows = db.session.execute(
        select(ActionItem, QuarterlyReview.quarter, owner.name.label("owner"))
        .join(QuarterlyReview, ActionItem.review_id == QuarterlyReview.id)
        .outerjoin(owner, ActionItem.owner_id == owner.id)
        .where(QuarterlyReview.quarter < review.quarter, wanted)
        .order_by(ActionItem.status.desc(), ActionItem.due_date.asc().nulls_last(), ActionItem.id)
    ).all()
    return [
        {
            "id": r.ActionItem.id,
            "title": r.ActionItem.title,
            "owner": r.owner or "",
            "due_date": r.ActionItem.due_date,
            "status": r.ActionItem.status.value,
            "done_dt": r.ActionItem.done_dt,
            "quarter": r.quarter,
        }  # fmt: skip
        for r in rows
    ]


def build_agenda(review: QuarterlyReview, now: datetime | None = None) -> dict[str, Any]:
    """The agenda for `review` as of `now`; about twenty statements however many tickets exist."""
    now = now or utcnow()
    config = current_app.config
    tz, max_rows = org_timezone_name(), config["AGENDA_MAX_OPEN_ROWS"]
    recent_rows = config["AGENDA_MAX_RECENT_ROWS"]
    quarter = Quarter.parse(review.quarter)
    previous = previous_review(review)
    start, end = quarter.bounds(tz)
    since = previous.starts_at if previous is not None else start
    handoffs, picks = _labels(org_language())
    return {
        "quarter": review.quarter,
        "previous_quarter": previous.quarter if previous else "",
        "generated_dt": now,
        "since_dt": since,
        "period_start_date": quarter.first_day,
        "period_end_date": quarter.last_day,
        "currency": config["DEFAULT_CURRENCY"],
        "open": _open_tickets(now, handoffs, max_rows),
        "reported": _recent(Ticket.created_dt, since, recent_rows, handoffs, picks),
        "resolved": _recent(Ticket.resolved_dt, since, recent_rows, handoffs, picks),
        "repeats": _repeats(start, end, handoffs, picks),
        "actions": _actions(review, previous),
        "figures": quarter_figures(quarter, tz, handoffs),
        "trend": quarter_trend(quarter, tz),
        "agreements": agreement_section(start, end, BREACHED_ROWS_SHOWN),
        "sections": _feature_sections(
            AgendaPeriod(
                review_id=review.id,
                quarter=quarter,
                previous_quarter=quarter.previous(),
                start_dt=start,
                end_dt=end,
                since_dt=since,
                now_dt=now,
                max_rows=max_rows,
            )
        ),  # fmt: skip
    }


def _feature_sections(period: AgendaPeriod) -> dict[str, Any]:
    """The sections other features registered (`extension_points.agenda_sections`), by key."""
    return {part.key: part.data for part in agenda_sections.fill(period)}
