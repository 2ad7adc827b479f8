"""Checks follow the ticket's status: a resolution with a preventive action schedules one,
a reopened ticket cancels its open check (the next resolution schedules a new one).

Connected once by `init_effectiveness`; the receivers run inside the workflow's
transaction, so the check is saved (or rolled back) with the move.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from backoffice import signals
from backoffice.auth.models import User
from backoffice.effectiveness.models import OPEN_CHECK_STATES, CheckState, EffectivenessCheck
from backoffice.extensions import db
from backoffice.i18n import org_today
from backoffice.models import utcnow
from backoffice.tickets.models import Status, Ticket

DONE = frozenset({Status.RESOLVED, Status.CLOSED})


def check_after_days(ticket: Ticket) -> int:
    """The defect category's interval, else the office's default."""
    days = ticket.category.check_after_days if ticket.category else None
    return days or current_app.config["EFFECTIVENESS_CHECK_DAYS"]


def cancel_open_checks(ticket: Ticket) -> None:
    for check in db.session.scalars(
        select(EffectivenessCheck).where(
            EffectivenessCheck.ticket_id == ticket.id,
            EffectivenessCheck.state.in_(OPEN_CHECK_STATES),
        )
    ):
        check.state = CheckState.CANCELLED


def schedule_check(ticket: Ticket) -> EffectivenessCheck | None:
    """A check of the ticket's preventive action (none without one)."""
    cancel_open_checks(ticket)
    if not ticket.preventive_action.strip():
        return None
    days = check_after_days(ticket)
    check = EffectivenessCheck(
        ticket_id=ticket.id,
        preventive_action=ticket.preventive_action,
        recorded_dt=ticket.resolved_dt or utcnow(),
        span_days=days,
        due_date=org_today() + timedelta(days=days),
        state=CheckState.SCHEDULED,
        verdict_note="",
    )
    db.session.add(check)
    return check


def on_ticket_moved(ticket: Ticket, *, actor: User, old: Status, new: Status, **_: Any) -> None:
    if new == Status.RESOLVED and old not in DONE:
        schedule_check(ticket)
    elif old in DONE and new not in DONE:
        cancel_open_checks(ticket)


def connect_listeners() -> None:
    """Safe to call for every app the factory builds: blinker connects a function once."""
    signals.ticket_moved.connect(on_ticket_moved)
