"""How long open tickets have been open, by handoff: the ageing chart of My work.

A ticket's age is counted in the organisation's days: reported on the office's today
it is 0 days old, whatever the server's or UTC's date. Buckets: under a week (0–6
days), 1–4 weeks (7–27), 1–3 months (28–89), over 3 months (90 and more).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.i18n import org_timezone, org_today
from backoffice.org.models import Function, Handoff
from backoffice.tickets.models import OPEN_STATUSES, Ticket

# The first day (age in days) of each bucket after the first.
BUCKET_STARTS = (7, 28, 90)
BUCKET_LABELS = (_l("< 1 week"), _l("1–4 weeks"), _l("1–3 months"), _l("> 3 months"))
TOP_HANDOFFS = 10


@dataclass
class HandoffAgeing:
    handoff_id: int
    label: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


def _start_of(day: date) -> datetime:
    """The office's midnight at the start of `day`, in UTC (as the database stores times)."""
    return datetime.combine(day, time(0), tzinfo=org_timezone()).astimezone(UTC)


def open_ticket_ageing(today: date | None = None, top: int = TOP_HANDOFFS) -> list[HandoffAgeing]:
    """Open tickets per handoff and age bucket, the `top` handoffs with most open tickets.

    One statement: each ticket's bucket is decided against the office's midnights and
    counted per handoff, then the handoffs' names are joined to the counts.
    """
    today = today or org_today()
    # Younger than n days: reported on or after the office's midnight n - 1 days ago.
    starts = [_start_of(today - timedelta(days=days - 1)) for days in BUCKET_STARTS]
    bucket = case(
        (Ticket.created_dt >= starts[0], 0),
        (Ticket.created_dt >= starts[1], 1),
        (Ticket.created_dt >= starts[2], 2),
        else_=3,
    )
    # Counted before the handoffs' names are joined in: the join then meets some 30
    # groups instead of every open ticket, and the count reads only the open-work index.
    counted = (
        select(Ticket.handoff_id, bucket.label("bucket"), func.count().label("tickets"))
        .where(Ticket.status.in_(sorted(OPEN_STATUSES)))
        .group_by(Ticket.handoff_id, bucket)
        .subquery()
    )
    from_fn, to_fn = aliased(Function), aliased(Function)
    rows = db.session.execute(
        select(Handoff.id, Handoff.name, from_fn.name, to_fn.name, counted.c.bucket,
               counted.c.tickets)
        .join(Handoff, Handoff.id == counted.c.handoff_id)
        .join(from_fn, Handoff.from_function_id == from_fn.id)
        .join(to_fn, Handoff.to_function_id == to_fn.id)
    ).all()  # fmt: skip
    handoffs: dict[int, HandoffAgeing] = {}
    for handoff_id, name, source, target, index, count in rows:
        label = f"{source} → {target}: {name}"
        entry = handoffs.setdefault(handoff_id, HandoffAgeing(handoff_id, label, [0, 0, 0, 0]))
        entry.counts[int(index)] += int(count)
    ranked = sorted(handoffs.values(), key=lambda h: (-h.total, h.label))
    return ranked[:top]
