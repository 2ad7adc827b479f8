"""The warnings a ticket's owner and the coordinators get before and after a deadline passes.

Written in the organisation's language (they go to several people) and queued in the
outbox with a dedup key, so a state reached twice still sends one mail.
"""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from backoffice.auth.models import Role, User
from backoffice.date_formats import show_datetime
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.i18n import org_language, org_timezone_name
from backoffice.links import public_url
from backoffice.mail.outbox import queue_mail
from backoffice.tickets.models import SlaState, Ticket


def _recipients(ticket: Ticket) -> list[str]:
    coordinators = db.session.scalars(
        select(User.email).where(User.role == Role.COORDINATOR, User.is_active_user.is_(True))
    ).all()
    owner = ticket.owner or (ticket.handoff.default_owner if ticket.handoff else None)
    return [owner.email, *coordinators] if owner else list(coordinators)


def notify_sla_event(ticket: Ticket, state: SlaState) -> None:
    """Queue one mail per ticket, event and deadline (the dedup key makes it idempotent)."""
    due = ticket.resolution_due_dt
    with force_locale(org_language()):
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
        due_text = (
            _("Due: %(when)s (%(zone)s)", when=show_datetime(due), zone=org_timezone_name())
            if due
            else "-"
        )
    queue_mail(
        _recipients(ticket),
        subject,
        f"{body}\n\n{due_text}\n{public_url('tickets.detail', number=ticket.number)}\n",
        dedup_key=f"sla:{ticket.id}:{state.value}:{due.isoformat() if due else ''}",
    )
