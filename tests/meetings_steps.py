"""Building blocks for the review tests: tickets at fixed times, a planned review."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

from pypdf import PdfReader
from sqlalchemy import select

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.meetings.models import QuarterlyReview
from backoffice.meetings.schedule import ensure_reviews
from backoffice.org.models import Handoff
from backoffice.tickets.models import PickListItem, Severity, Ticket
from backoffice.tickets.workflow import Resolution, assign_root_cause_owner, resolve_ticket
from tests.factories import make_ticket

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # in 2026-Q4; its review is on 12 Jan 2027


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def ticket_at(
    office,  # noqa: ANN001
    created_dt: datetime,
    severity: Severity = Severity.MEDIUM,
    title: str | None = None,
    owner: str | None = None,
    impact: str | None = None,
    handoff_id: int | None = None,
) -> Ticket:
    """A ticket reported at `created_dt` (optionally assigned to `owner`)."""
    ticket = make_ticket(
        reporter=user(office.clerk),
        handoff=db.session.get(Handoff, handoff_id or office.handoff_id),
        category=db.session.get(PickListItem, office.category_id),
        severity=severity,
        title=title,
        impact_amount=Decimal(impact) if impact else None,
    )
    if owner:
        assign_root_cause_owner(ticket, user(office.coordinator), user(owner))
    ticket.created_dt = ticket.last_activity_dt = created_dt
    db.session.commit()
    return ticket


def resolve_at(office, ticket: Ticket, resolved_dt: datetime, preventive: str = "") -> None:  # noqa: ANN001
    if ticket.owner_id is None:
        assign_root_cause_owner(ticket, user(office.coordinator), user(office.owner))
    resolve_ticket(
        ticket,
        db.session.get(User, ticket.owner_id),
        Resolution(
            root_cause=db.session.get(PickListItem, office.root_cause_id),
            cause_analysis="The export ran before approval.",
            corrective_action="Exported again.",
            preventive_action=preventive,
            no_prevention_reason="" if preventive else "one_off",
            no_prevention_note="" if preventive else "A one-time migration.",
        ),
    )
    ticket.resolved_dt = resolved_dt
    db.session.commit()


def planned_review(now: datetime = NOW, quarter: str = "2026-Q4") -> QuarterlyReview:
    ensure_reviews(now)
    return db.session.scalar(select(QuarterlyReview).where(QuarterlyReview.quarter == quarter))


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF, page after page."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
