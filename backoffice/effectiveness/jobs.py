"""The scheduler's job: checks whose date came fall due, and their owner hears of it once.

Idempotent and safe with two schedulers: marking is one UPDATE whose condition (still
waiting, date reached) a second run no longer matches; the mails are queued for due
checks not yet notified, rows locked with SKIP LOCKED, and each mail has a dedup key
(check and date), so a crash between the two steps or a parallel run sends one mail.
"""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale
from sqlalchemy import bindparam, select, text, update
from sqlalchemy.orm import joinedload

from backoffice.date_formats import show_date
from backoffice.effectiveness.evidence import RecurrenceCounter
from backoffice.effectiveness.models import WAITING_STATES, CheckState, EffectivenessCheck
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.i18n import org_language, org_today
from backoffice.links import public_url
from backoffice.mail.outbox import queue_mail
from backoffice.models import utcnow
from backoffice.tickets.models import Ticket


def mark_due(today: date) -> int:
    """Waiting checks whose date came are due, with their recurrences counted.

    One read of the checks (locked, SKIP LOCKED), one of the tickets that can recur
    (their handoffs, since the oldest action), counted in memory, stored in bulk.
    A correlated count per check would read each handoff's tickets once per check.
    """
    checks = db.session.execute(
        select(
            EffectivenessCheck.id,
            EffectivenessCheck.version,
            EffectivenessCheck.recorded_dt,
            Ticket.handoff_id,
            Ticket.category_id,
            Ticket.root_cause_id,
        )  # fmt: skip
        .join(Ticket, EffectivenessCheck.ticket_id == Ticket.id)
        .where(
            EffectivenessCheck.state.in_(WAITING_STATES),
            EffectivenessCheck.due_date <= today,
        )
        .with_for_update(skip_locked=True, of=EffectivenessCheck)
    ).all()
    if not checks:
        return 0
    counter = RecurrenceCounter.of_handoffs(
        {c.handoff_id for c in checks}, min(c.recorded_dt for c in checks)
    )
    counts = [
        (c.id, counter.after(c.handoff_id, c.category_id, c.root_cause_id, c.recorded_dt))
        for c in checks
    ]
    _store_counts(counts)
    return len(checks)


def _store_counts(counts: list[tuple[int, int]]) -> None:
    """Due, with the count, version raised: on PostgreSQL one UPDATE joined to two arrays
    (an executemany is a round trip per row); SQLite, in process, takes the executemany."""
    if db.session.get_bind().dialect.name != "postgresql":
        table = EffectivenessCheck.__table__
        db.session.execute(
            table.update()
            .where(table.c.id == bindparam("check_id"))
            .values(
                state=CheckState.DUE, recurrence_count=bindparam("n"), version=table.c.version + 1
            ),  # fmt: skip
            [{"check_id": check_id, "n": n} for check_id, n in counts],
        )
        return
    ids, numbers = zip(*counts, strict=True)
    db.session.execute(
        text(
            "UPDATE effectiveness_checks AS e SET state = :due, recurrence_count = c.n, "
            "version = e.version + 1 FROM unnest(CAST(:ids AS integer[]), "
            "CAST(:numbers AS integer[])) AS c(id, n) WHERE e.id = c.id"
        ),
        {"due": CheckState.DUE.value, "ids": list(ids), "numbers": list(numbers)},
    )


def notify_due() -> int:
    """One mail to the root-cause owner per due check not yet notified."""
    checks = (
        db.session.scalars(
            select(EffectivenessCheck)
            .options(joinedload(EffectivenessCheck.ticket).joinedload(Ticket.owner))
            .where(
                EffectivenessCheck.state == CheckState.DUE,
                EffectivenessCheck.notified_dt.is_(None),
            )
            .with_for_update(skip_locked=True, of=EffectivenessCheck)
            .execution_options(populate_existing=True)  # `mark_due` changed them in SQL
        )
        .unique()
        .all()
    )
    for check in checks:
        owner = check.ticket.owner
        if owner is not None and owner.is_active_user:
            _queue_notice(check, owner.email)
    if checks:  # one UPDATE for all (rows locked above; the version moves on as for any change)
        db.session.execute(
            update(EffectivenessCheck)
            .where(EffectivenessCheck.id.in_([c.id for c in checks]))
            .values(notified_dt=utcnow(), version=EffectivenessCheck.version + 1)
            .execution_options(synchronize_session=False)
        )
        db.session.expire_all()
    return len(checks)


def _queue_notice(check: EffectivenessCheck, email: str) -> None:
    ticket = check.ticket
    with force_locale(org_language()):
        subject = _("Was the measure effective? %(number)s", number=ticket.number)
        body = _(
            "The preventive action of ticket %(number)s (%(title)s) is due for its "
            "effectiveness check since %(day)s. Please look at the evidence and record "
            "your verdict.\n\nPreventive action: %(action)s",
            number=ticket.number,
            title=ticket.title,
            day=show_date(check.due_date),
            action=check.preventive_action,
        )
    url = public_url("tickets.detail", number=ticket.number) + "#effectiveness"
    queue_mail(
        [email],
        subject,
        f"{body}\n\n{url}\n",
        dedup_key=f"effectiveness:{check.id}:{check.due_date.isoformat()}",
    )


def check_effectiveness(today: date | None = None) -> dict[str, int]:
    """The job: mark due, then notify; one commit."""
    counts = {"due": mark_due(today or org_today()), "notified": notify_due()}
    db.session.commit()
    return counts
