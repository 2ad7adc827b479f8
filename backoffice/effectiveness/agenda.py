"""The agenda section "Were our measures effective?".

The checks that fell due since the last review (or were decided since), failed
measures first, and the effectiveness rate per function (effective ÷ checked) in the
review's quarter against the quarter before. Plain data: it is stored in the
published agenda (see `extension_points.agenda_sections`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import aliased

from backoffice.effectiveness.models import CheckState, EffectivenessCheck
from backoffice.effectiveness.queries import rate_rows, rates_by_function
from backoffice.extension_points import AgendaPeriod
from backoffice.extensions import db
from backoffice.i18n import org_timezone
from backoffice.org.models import Handoff
from backoffice.tickets.models import Ticket

# Failed measures first, then those still waiting for a verdict.
ORDER = {
    CheckState.NOT_EFFECTIVE: 0,
    CheckState.DUE: 1,
    CheckState.OBSERVE: 2,
    CheckState.EFFECTIVE: 3,
}


def effectiveness_section(period: AgendaPeriod) -> dict[str, Any]:
    tz = org_timezone()
    since_date = period.since_dt.astimezone(tz).date()
    end_date = period.end_dt.astimezone(tz).date()
    follow_up = aliased(Ticket)
    rank = case({state.value: n for state, n in ORDER.items()}, value=EffectivenessCheck.state)
    fell_due = or_(
        EffectivenessCheck.due_date.between(since_date, end_date),
        EffectivenessCheck.decided_dt.between(period.since_dt, period.end_dt),
    )
    where = [EffectivenessCheck.state.in_(list(ORDER)), fell_due]
    rows = db.session.execute(
        select(
            EffectivenessCheck.state,
            EffectivenessCheck.due_date,
            EffectivenessCheck.preventive_action,
            EffectivenessCheck.verdict_note,
            EffectivenessCheck.recurrence_count,
            Ticket.number,
            Ticket.title,
            Handoff.name.label("handoff"),
            follow_up.number.label("follow_up"),
        )
        .join(Ticket, EffectivenessCheck.ticket_id == Ticket.id)
        .join(Handoff, Ticket.handoff_id == Handoff.id)
        .outerjoin(follow_up, EffectivenessCheck.follow_up_ticket_id == follow_up.id)
        .where(*where)
        .order_by(rank, EffectivenessCheck.due_date, EffectivenessCheck.id)
        .limit(period.max_rows)
    ).all()
    counts = dict(
        db.session.execute(
            select(EffectivenessCheck.state, func.count(EffectivenessCheck.id))
            .where(*where)
            .group_by(EffectivenessCheck.state)
        ).all()
    )
    return {
        "checks": [
            {
                "state": r.state.value,
                "due_date": r.due_date,
                "preventive_action": r.preventive_action,
                "verdict_note": r.verdict_note,
                "recurrences": r.recurrence_count,
                "number": r.number,
                "title": r.title,
                "handoff": r.handoff,
                "follow_up": r.follow_up or "",
            }
            for r in rows
        ],
        "counts": {state.value: counts.get(state, 0) for state in ORDER},
        "total": sum(counts.values()),
        "since_dt": period.since_dt,
        "quarter": period.quarter.key,
        "previous_quarter": period.previous_quarter.key,
        "rates": rate_rows(
            rates_by_function(*period.quarter.bounds(tz)),
            rates_by_function(*period.previous_quarter.bounds(tz)),
        ),
    }
