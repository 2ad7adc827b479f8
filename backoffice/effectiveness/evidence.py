"""What the app knows about whether a preventive action worked, and the verdict it proposes.

Recurrences are tickets on the same handoff with the same defect category or the same
root-cause category, reported after the action was recorded (rejected tickets and
duplicates are no defects and do not count). The baseline counts the same tickets in
a span of equal length before the action: the span the check was planned for. With the
reporter's answer "is the defect gone?", `propose` turns this into a verdict; the owner
or a coordinator decides.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select

from backoffice.effectiveness.models import CheckState, EffectivenessCheck
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.i18n import org_timezone
from backoffice.tickets.figures import COUNTED_STATUSES
from backoffice.tickets.models import Ticket

RECURRENCES_LISTED = 20


@dataclass(frozen=True)
class Proposal:
    verdict: CheckState
    reason: str  # a key of REASONS

    @property
    def text(self) -> str:
        return str(REASONS[self.reason])


REASONS = {
    "not_gone": _l("The reporter says the defect is not gone."),
    "no_fewer": _l("At least as many similar tickets since the action as in the span before it."),
    "fewer": _l("Fewer similar tickets than before the action, but not none."),
    "too_early": _l("No similar ticket yet, but less time has passed than the span compared."),
    "none": _l("No similar ticket since the action, over at least the span compared."),
}


def propose(
    recurrences: int, baseline: int, defect_gone: bool | None, observed_days: int, span_days: int
) -> Proposal:
    """The verdict the evidence suggests (a pure rule; see the module docstring).

    The reporter's "no" outweighs every count; as many similar tickets as before means the
    action changed nothing; fewer, or none over too short a time, wants observing longer.
    """
    if defect_gone is False:
        return Proposal(CheckState.NOT_EFFECTIVE, "not_gone")
    if recurrences and recurrences >= baseline:
        return Proposal(CheckState.NOT_EFFECTIVE, "no_fewer")
    if recurrences:
        return Proposal(CheckState.OBSERVE, "fewer")
    if observed_days < span_days:
        return Proposal(CheckState.OBSERVE, "too_early")
    return Proposal(CheckState.EFFECTIVE, "none")


def similar_to(original: Any, other: Any = Ticket) -> ColumnElement[bool]:  # noqa: ANN401
    """`other` is a ticket like `original` (a ticket, or an entity or alias in SQL): same
    handoff and defect category, or same handoff and root cause; a real defect, not itself."""
    if isinstance(original, Ticket):
        same_cause = other.root_cause_id == original.root_cause_id
        if original.root_cause_id is None:
            same_cause = false()
    else:
        same_cause = and_(
            original.root_cause_id.is_not(None), other.root_cause_id == original.root_cause_id
        )
    return and_(
        other.handoff_id == original.handoff_id,
        or_(other.category_id == original.category_id, same_cause),
        other.id != original.id,
        other.status.in_(COUNTED_STATUSES),
    )


class RecurrenceCounter:
    """`similar_to` in memory, for many checks at once (the due job): similar tickets of a
    handoff reported after a moment, by category or by root cause, each ticket once.

    Sorted report times per (handoff, category), (handoff, root cause) and (handoff,
    category, root cause); a count is three binary searches: by category plus by root
    cause minus both. The tickets themselves were reported before their action, so
    they never count (the test compares this with `evidence_for`).
    """

    def __init__(self, rows: Iterable[Any]) -> None:
        times: dict[tuple, list[datetime]] = defaultdict(list)
        for r in rows:
            times[("c", r.handoff_id, r.category_id)].append(r.created_dt)
            if r.root_cause_id is not None:
                times[("r", r.handoff_id, r.root_cause_id)].append(r.created_dt)
                times[("b", r.handoff_id, r.category_id, r.root_cause_id)].append(r.created_dt)
        self.times = {key: sorted(values) for key, values in times.items()}

    @classmethod
    def of_handoffs(cls, handoff_ids: set[int], since: datetime) -> RecurrenceCounter:
        return cls(
            db.session.execute(
                select(
                    Ticket.handoff_id, Ticket.category_id, Ticket.root_cause_id, Ticket.created_dt
                ).where(  # fmt: skip
                    Ticket.handoff_id.in_(handoff_ids),
                    Ticket.created_dt > since,
                    Ticket.status.in_(COUNTED_STATUSES),
                )
            )
        )

    def _after(self, key: tuple, moment: datetime) -> int:
        values = self.times.get(key, ())
        return len(values) - bisect_right(values, moment)

    def after(self, handoff_id: int, category_id: int, root_cause_id: int | None,
              moment: datetime) -> int:  # fmt: skip
        count = self._after(("c", handoff_id, category_id), moment)
        if root_cause_id is not None:
            count += self._after(("r", handoff_id, root_cause_id), moment)
            count -= self._after(("b", handoff_id, category_id, root_cause_id), moment)
        return count


@dataclass
class Evidence:
    recurrences: list[dict[str, Any]]
    recurrence_total: int
    baseline: int
    baseline_start_date: date
    defect_gone: bool | None
    observed_days: int
    span_days: int
    proposal: Proposal = field(init=False)

    def __post_init__(self) -> None:
        self.proposal = propose(
            self.recurrence_total,
            self.baseline,
            self.defect_gone,
            self.observed_days,
            self.span_days,
        )


def evidence_for(check: EffectivenessCheck, today: date) -> Evidence:
    """The evidence of one check, in three statements (listed, counted, baseline)."""
    ticket = check.ticket
    like = similar_to(ticket)
    after = [like, Ticket.created_dt > check.recorded_dt]
    if check.follow_up_ticket_id:
        after.append(Ticket.id != check.follow_up_ticket_id)
    rows = db.session.execute(
        select(
            Ticket.number,
            Ticket.title,
            Ticket.created_dt,
            Ticket.status,
            func.count().over().label("total"),
        )  # fmt: skip
        .where(*after)
        .order_by(Ticket.created_dt)
        .limit(RECURRENCES_LISTED)
    ).all()
    total = rows[0].total if rows else 0
    baseline_start = check.recorded_dt - timedelta(days=check.span_days)
    baseline = db.session.scalar(
        select(func.count(Ticket.id)).where(
            like, Ticket.created_dt >= baseline_start, Ticket.created_dt < check.recorded_dt
        )
    )
    recorded_day = recorded_date(check.recorded_dt)
    return Evidence(
        recurrences=[
            {"number": r.number, "title": r.title, "created_dt": r.created_dt, "status": r.status}
            for r in rows
        ],
        recurrence_total=total,
        baseline=baseline or 0,
        baseline_start_date=recorded_date(baseline_start),
        defect_gone=ticket.defect_gone,
        observed_days=(today - recorded_day).days,
        span_days=check.span_days,
    )


def recorded_date(moment: datetime) -> date:
    """The office's day of a moment."""
    return moment.astimezone(org_timezone()).date()
