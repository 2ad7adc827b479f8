"""Reads: a ticket's checks, the checks waiting for someone, effectiveness rates."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload

from backoffice.auth.models import User
from backoffice.effectiveness.models import CheckState, EffectivenessCheck
from backoffice.extensions import db
from backoffice.org.models import Function, Handoff
from backoffice.tickets.models import Ticket

CHECKED = (CheckState.EFFECTIVE, CheckState.NOT_EFFECTIVE)
WORK_ROWS = 20


def checks_of_ticket(ticket: Ticket) -> tuple[list[EffectivenessCheck], EffectivenessCheck | None]:
    """The ticket's checks, newest first (the open one, if any, on top), and the check whose
    "not effective" opened this ticket if it is a follow-up; one statement for both."""
    found = db.session.scalars(
        select(EffectivenessCheck)
        .options(joinedload(EffectivenessCheck.decided_by))
        .options(joinedload(EffectivenessCheck.follow_up))
        .options(joinedload(EffectivenessCheck.ticket))
        .where(
            or_(
                EffectivenessCheck.ticket_id == ticket.id,
                EffectivenessCheck.follow_up_ticket_id == ticket.id,
            )
        )
        .order_by(EffectivenessCheck.created_dt.desc(), EffectivenessCheck.id.desc())
    ).all()
    own = [c for c in found if c.ticket_id == ticket.id]
    behind = next((c for c in found if c.follow_up_ticket_id == ticket.id), None)
    return own, behind


def due_checks(user: User | None, overdue_before: date | None = None) -> tuple[list[Any], int]:
    """Due checks (of `user`'s tickets, or everyone's), oldest date first, with the total."""
    where = [EffectivenessCheck.state == CheckState.DUE]
    if user is not None:
        where.append(Ticket.owner_id == user.id)
    if overdue_before is not None:
        where.append(EffectivenessCheck.due_date < overdue_before)
    rows = db.session.execute(
        select(
            EffectivenessCheck.due_date,
            EffectivenessCheck.preventive_action,
            EffectivenessCheck.recurrence_count,
            Ticket.number,
            Ticket.title,
            func.count().over().label("total"),
        )
        .join(Ticket, EffectivenessCheck.ticket_id == Ticket.id)
        .where(*where)
        .order_by(EffectivenessCheck.due_date, EffectivenessCheck.id)
        .limit(WORK_ROWS)
    ).all()
    return rows, rows[0].total if rows else 0


def rates_by_function(start: datetime, end: datetime) -> dict[int, tuple[int, int]]:
    """function id → (effective, checked) of the verdicts decided in [start, end).

    A check counts for the function its handoff comes from: the one whose work had
    the defect and whose measure it was.
    """
    effective = func.sum(case((EffectivenessCheck.state == CheckState.EFFECTIVE, 1), else_=0))
    rows = db.session.execute(
        select(Handoff.from_function_id, effective, func.count(EffectivenessCheck.id))
        .select_from(EffectivenessCheck)
        .join(Ticket, EffectivenessCheck.ticket_id == Ticket.id)
        .join(Handoff, Ticket.handoff_id == Handoff.id)
        .where(
            EffectivenessCheck.state.in_(CHECKED),
            EffectivenessCheck.decided_dt >= start,
            EffectivenessCheck.decided_dt < end,
        )
        .group_by(Handoff.from_function_id)
    ).all()
    return {fid: (int(eff or 0), n) for fid, eff, n in rows}


def rate_rows(
    current: dict[int, tuple[int, int]], previous: dict[int, tuple[int, int]]
) -> list[dict[str, Any]]:
    """One row per function with a verdict in either period, plus the office's total."""
    ids = set(current) | set(previous)
    names = dict(
        db.session.execute(select(Function.id, Function.name).where(Function.id.in_(ids))).all()
    ) if ids else {}  # fmt: skip
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rows = []
    for fid in sorted(ids, key=lambda f: names.get(f, "")):
        row = {"function": names.get(fid, ""), "function_id": fid}
        for key, figures in (("now", current), ("before", previous)):
            effective, checked = figures.get(fid, (0, 0))
            row[f"{key}_effective"], row[f"{key}_checked"] = effective, checked
            totals[key][0] += effective
            totals[key][1] += checked
        rows.append(row)
    total = {"function": "", "function_id": None}
    for key in ("now", "before"):
        total[f"{key}_effective"], total[f"{key}_checked"] = totals[key]
    return [*rows, total] if rows else []
