"""Warnings before and after a deadline passes, and the job that sends them."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from backoffice.auth.models import Role, User
from backoffice.extensions import db
from backoffice.mail.outbox import queue_mail
from backoffice.models import utcnow
from backoffice.org.models import Handoff
from backoffice.tickets.models import OPEN_STATUSES, SlaState, Ticket


def _recipients(ticket: Ticket) -> list[str]:
    coordinators = db.session.scalars(
        select(User.email).where(User.role == Role.COORDINATOR, User.is_active_user.is_(True))
    ).all()
    owner = ticket.owner or (ticket.handoff.default_owner if ticket.handoff else None)
    return [owner.email, *coordinators] if owner else list(coordinators)


def _ticket_url(ticket: Ticket) -> str:
    try:
        return url_for("tickets.detail", number=ticket.number, _external=True)
    except RuntimeError:  # no request and no SERVER_NAME (the scheduler): a path will do
        return f"/tickets/{ticket.number}"


def notify_sla_event(ticket: Ticket, state: SlaState) -> None:
    """Queue one mail per ticket, event and deadline (the dedup key makes it idempotent)."""
    due = ticket.resolution_due_dt
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        if state == SlaState.BREACHED:
            subject = _("Service agreement breached: %(number)s", number=ticket.number)
            body = _(
                "Ticket %(number)s (%(title)s) missed its agreed due time.",
                number=ticket.number,
                title=ticket.title,
            )
        else:
            subject = _(
                "Ticket %(number)s is at risk of missing its due time", number=ticket.number
            )
            body = _(
                "Ticket %(number)s (%(title)s) has used most of its agreed time.",
                number=ticket.number,
                title=ticket.title,
            )
    due_text = due.strftime("%Y-%m-%d %H:%M UTC") if due else "-"
    queue_mail(
        _recipients(ticket),
        subject,
        f"{body}\n\n{due_text}\n{_ticket_url(ticket)}\n",
        dedup_key=f"sla:{ticket.id}:{state.value}:{due.isoformat() if due else ''}",
    )


def check_deadlines(now: datetime | None = None) -> dict[str, int]:
    """Mark open tickets at risk or breached and warn once. Safe to run twice or in parallel."""
    from backoffice.agreements.deadlines import current_state, set_state

    now = now or utcnow()
    due = or_(
        and_(Ticket.first_response_dt.is_(None), Ticket.response_due_dt <= now),
        Ticket.resolution_due_dt <= now,
        and_(Ticket.sla_state == SlaState.OK, Ticket.sla_risk_dt <= now),
    )
    tickets = (
        db.session.scalars(
            select(Ticket)
            .options(
                joinedload(Ticket.owner),
                joinedload(Ticket.handoff).joinedload(Handoff.default_owner),
            )
            .where(
                Ticket.status.in_(OPEN_STATUSES),
                Ticket.waiting_since_dt.is_(None),
                Ticket.sla_state.in_([SlaState.OK, SlaState.AT_RISK]),
                due,
            )
            .with_for_update(skip_locked=True, of=Ticket)
        )
        .unique()
        .all()
    )
    counts = {"at_risk": 0, "breached": 0}
    for ticket in tickets:
        state = current_state(ticket, now)
        if set_state(ticket, state, now):
            counts[state.value] = counts.get(state.value, 0) + 1
    db.session.commit()
    return counts
