"""Demo effectiveness checks: every resolution of the demo history gets its check, in
every state, and one failed measure has led to a follow-up ticket.

The demo stories write tickets in bulk without the workflow's signals, so this runs
after them (`flask seed-demo`): a check per preventive action, marked due by the job's
own UPDATE (which counts the recurrences), and verdicts by the proposal rule's spirit
for the checks that fell due more than a month ago.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from backoffice.effectiveness.follow_up import open_failed_measure
from backoffice.effectiveness.jobs import mark_due
from backoffice.effectiveness.models import CheckState, EffectivenessCheck
from backoffice.extensions import db
from backoffice.i18n import org_today
from backoffice.models import utcnow
from backoffice.tickets.models import NoPrevention, Status, Ticket

DEMO_SPAN_DAYS = 90
DECIDED_AFTER = timedelta(days=30)  # checks due longer than this have a verdict
NO_PREVENTION_NOTE = "The cause was a one-time migration of the source system."
VERDICT_NOTES = {
    "effective": "Far fewer similar tickets than before; the new step holds.",
    "observe": "Fewer similar tickets, but the quarter-end peak is still to come.",
    "not_effective": "As many similar tickets as before; the measure is not followed.",
}


def seed_effectiveness() -> dict[str, int]:
    """Add the demo checks once (nothing happens when checks exist)."""
    if db.session.scalar(select(func.count(EffectivenessCheck.id))):
        return {"checks": 0}
    done = Ticket.status.in_([Status.RESOLVED, Status.CLOSED])
    db.session.execute(
        update(Ticket)
        .where(done, Ticket.preventive_action == "")
        .values(
            no_prevention_reason=NoPrevention.ONE_OFF.value, no_prevention_note=NO_PREVENTION_NOTE
        )  # fmt: skip
    )
    tickets = db.session.execute(
        select(Ticket.id, Ticket.preventive_action, Ticket.resolved_dt)
        .where(done, Ticket.preventive_action != "", Ticket.resolved_dt.is_not(None))
        .order_by(Ticket.resolved_dt)
    ).all()
    for t in tickets:
        db.session.add(
            EffectivenessCheck(
                ticket_id=t.id, preventive_action=t.preventive_action, recorded_dt=t.resolved_dt,
                span_days=DEMO_SPAN_DAYS, verdict_note="",
                due_date=t.resolved_dt.date() + timedelta(days=DEMO_SPAN_DAYS),
            )
        )  # fmt: skip
    db.session.flush()
    today = org_today()
    mark_due(today)
    db.session.expire_all()
    _decide_old_checks(today)
    _cancel_one()
    db.session.commit()
    return {"checks": len(tickets)}


def _decide_old_checks(today) -> None:  # noqa: ANN001
    """The checks with the fewest recurrences worked, the middle third is observed
    longer, the rest failed; the newest failed measure gets its follow-up ticket."""
    old = db.session.scalars(
        select(EffectivenessCheck)
        .where(EffectivenessCheck.state == CheckState.DUE,
               EffectivenessCheck.due_date < today - DECIDED_AFTER)
        .order_by(EffectivenessCheck.recurrence_count, EffectivenessCheck.due_date)
    ).all()  # fmt: skip
    third = max(1, len(old) // 3)
    for rank, check in enumerate(old):
        owner = check.ticket.owner
        check.decided_by_id = owner.id if owner else None
        check.decided_dt = utcnow()
        if rank < third:
            check.state, check.verdict_note = CheckState.EFFECTIVE, VERDICT_NOTES["effective"]
        elif rank < 2 * third:
            check.state, check.verdict_note = CheckState.OBSERVE, VERDICT_NOTES["observe"]
            check.due_date = today + timedelta(days=45)
        else:
            check.state = CheckState.NOT_EFFECTIVE
            check.verdict_note = VERDICT_NOTES["not_effective"]
    failed = [c for c in old if c.state == CheckState.NOT_EFFECTIVE and c.ticket.owner]
    if failed:
        newest = max(failed, key=lambda c: c.due_date)
        newest.follow_up = open_failed_measure(newest, newest.ticket.owner)


def _cancel_one() -> None:
    """A check of a measure the reopened ticket replaced: cancelled, kept as history."""
    check = db.session.scalar(
        select(EffectivenessCheck)
        .where(EffectivenessCheck.state == CheckState.SCHEDULED)
        .order_by(EffectivenessCheck.id.desc())
    )
    if check is not None:
        db.session.add(
            EffectivenessCheck(
                ticket_id=check.ticket_id, preventive_action="Double-check the export by hand.",
                recorded_dt=check.recorded_dt - timedelta(days=20), span_days=DEMO_SPAN_DAYS,
                due_date=check.due_date - timedelta(days=20), state=CheckState.CANCELLED,
                verdict_note="", created_dt=check.recorded_dt - timedelta(days=20),
            )
        )  # fmt: skip
