"""Reporting and editing tickets, comments and links (status changes live in workflow.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from backoffice.agreements import deadlines
from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.org.models import Handoff
from backoffice.tickets.events import apply_changes, record_event
from backoffice.tickets.models import (
    Comment,
    EventKind,
    LinkKind,
    PickListItem,
    Severity,
    Ticket,
    TicketCounter,
    TicketLink,
)
from backoffice.tickets.workflow import Action, check


@dataclass
class TicketData:
    """What a reporter (or later an editor) says about a defect."""

    title: str
    description: str
    handoff: Handoff
    category: PickListItem
    severity: Severity = Severity.MEDIUM
    found_in_function_id: int | None = None
    external_reference: str = ""
    billing_period: str | None = None
    impact_amount: Decimal | None = None
    impact_currency: str = "EUR"
    records_affected: int | None = None

    def as_fields(self) -> dict[str, object]:
        return {
            "title": self.title.strip(),
            "description": self.description.strip(),
            "handoff": self.handoff,
            "category": self.category,
            "severity": self.severity,
            "found_in_function_id": self.found_in_function_id,
            "external_reference": (self.external_reference or "").strip(),
            "billing_period": self.billing_period or None,
            "impact_amount": self.impact_amount,
            "impact_currency": self.impact_currency,
            "records_affected": self.records_affected,
        }


def allocate_ticket_number(year: int) -> str:
    """Hand out the next number of the year atomically (safe with concurrent reporters)."""
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert(TicketCounter).values(year=year, last_number=0).on_conflict_do_nothing()
    )
    number = db.session.execute(
        update(TicketCounter)
        .where(TicketCounter.year == year)
        .values(last_number=TicketCounter.last_number + 1)
        .returning(TicketCounter.last_number)
    ).scalar_one()
    prefix = current_app.config["TICKET_NUMBER_PREFIX"]
    return f"{prefix}-{year}-{number:05d}"


def create_ticket(data: TicketData, reporter: User) -> Ticket:
    now = utcnow()
    ticket = Ticket(number=allocate_ticket_number(now.year), reporter=reporter, created_dt=now)
    for field, value in data.as_fields().items():
        setattr(ticket, field, value)
    db.session.add(ticket)
    record_event(ticket, reporter, EventKind.CREATED)
    deadlines.apply_agreement(ticket, reporter, now)
    db.session.commit()
    return ticket


def update_ticket(
    ticket: Ticket,
    data: TicketData,
    actor: User,
    expected_version: int,
    due_date: date | None = None,
) -> list[str]:
    """Save an edit; refuse it if someone else changed the ticket since the form was opened."""
    check(actor, Action.EDIT, ticket, expected_version)
    values = data.as_fields()
    if actor.is_coordinator:
        values["due_date"] = due_date
    changed = apply_changes(ticket, actor, values)
    if {"handoff", "severity", "category"} & set(changed):
        deadlines.apply_agreement(ticket, actor)
    db.session.commit()
    return changed


def add_comment(ticket: Ticket, author: User, body: str) -> Comment:
    check(author, Action.COMMENT, ticket)
    comment = Comment(ticket_id=ticket.id, author=author, body=body.strip(), created_dt=utcnow())
    db.session.add(comment)
    ticket.last_activity_dt = comment.created_dt
    deadlines.note_reaction(ticket, author, None, comment.created_dt)
    db.session.commit()
    return comment


class LinkRefused(ValueError):
    pass


def link_tickets(ticket: Ticket, actor: User, target: Ticket, kind: LinkKind) -> TicketLink:
    check(actor, Action.LINK, ticket)
    if target.id == ticket.id:
        raise LinkRefused("self")
    exists = db.session.scalar(
        select(TicketLink.id).where(
            TicketLink.source_id == ticket.id,
            TicketLink.target_id == target.id,
            TicketLink.kind == kind,
        )
    )
    if exists:
        raise LinkRefused("exists")
    link = TicketLink(source=ticket, target=target, kind=kind, created_by_id=actor.id)
    db.session.add(link)
    record_event(ticket, actor, EventKind.LINK, kind.value, None, target.number)
    db.session.commit()
    return link


def find_ticket(number: str) -> Ticket | None:
    return db.session.scalar(select(Ticket).where(Ticket.number == number.strip().upper()))
