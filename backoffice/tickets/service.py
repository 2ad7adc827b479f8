"""Reporting and editing tickets, comments and links (status changes live in workflow.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from backoffice.auth.models import User
from backoffice.errors import Invalid
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.models import utcnow
from backoffice.org.models import Handoff
from backoffice.signals import ticket_commented, ticket_edited, ticket_reported
from backoffice.tickets import rules
from backoffice.tickets.events import apply_changes, record_event, touch_activity
from backoffice.tickets.models import (
    Comment,
    EventKind,
    LinkKind,
    PickListItem,
    PickListKind,
    Severity,
    Ticket,
    TicketCounter,
    TicketLink,
)
from backoffice.tickets.workflow import check, hand_to_owner, ticket_command, unversioned_command


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

    @classmethod
    def from_form(cls, form: Any) -> TicketData:  # noqa: ANN401
        """What a valid report or edit form says; refused if a chosen handoff or category vanished."""
        handoff = db.session.get(Handoff, form.handoff_id.data)
        category = db.session.get(PickListItem, form.category_id.data)
        errors = {}
        if handoff is None:
            errors["handoff_id"] = _("Please choose a handoff.")
        if category is None or category.kind != PickListKind.CATEGORY:
            errors["category_id"] = _("Please choose a category.")
        if errors:
            raise Invalid(errors)
        return cls(
            title=form.title.data,
            description=form.description.data,
            handoff=handoff,  # type: ignore[arg-type]
            category=category,  # type: ignore[arg-type]
            severity=Severity(form.severity.data),
            found_in_function_id=form.found_in_function_id.data or None,
            external_reference=form.external_reference.data or "",
            billing_period=form.billing_period.data or None,
            impact_amount=form.impact_amount.data,
            impact_currency=form.impact_currency.data,
            records_affected=form.records_affected.data,
        )

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


def allocate_ticket_numbers(year: int, count: int = 1) -> list[str]:
    """Hand out the next `count` numbers of the year atomically (one UPDATE, however many)."""
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert(TicketCounter).values(year=year, last_number=0).on_conflict_do_nothing()
    )
    last = db.session.execute(
        update(TicketCounter)
        .where(TicketCounter.year == year)
        .values(last_number=TicketCounter.last_number + count)
        .returning(TicketCounter.last_number)
    ).scalar_one()
    prefix = current_app.config["TICKET_NUMBER_PREFIX"]
    return [f"{prefix}-{year}-{number:05d}" for number in range(last - count + 1, last + 1)]


def allocate_ticket_number(year: int) -> str:
    """Hand out the next number of the year atomically (safe with concurrent reporters)."""
    return allocate_ticket_numbers(year)[0]


def add_ticket(data: TicketData, reporter: User, number: str, now: datetime) -> Ticket:
    """Report a ticket in the caller's transaction (a bulk import commits once for all)."""
    ticket = Ticket(number=number, reporter=reporter, created_dt=now)
    for field, value in data.as_fields().items():
        setattr(ticket, field, value)
    db.session.add(ticket)
    record_event(ticket, reporter, EventKind.CREATED)
    ticket_reported.send(ticket, actor=reporter, at=now)
    return ticket


def create_ticket(data: TicketData, reporter: User) -> Ticket:
    now = utcnow()
    ticket = add_ticket(data, reporter, allocate_ticket_number(now.year), now)
    db.session.commit()
    return ticket


def open_follow_up(original: Ticket, actor: User, title: str, description: str) -> Ticket:
    """A new ticket on the same handoff and category, linked "follow-up of" the original and
    assigned to its root-cause owner. For a feature acting inside its own command (a failed
    effectiveness check): the caller has checked the actor's right and commits."""
    data = TicketData(
        title=title[:200],
        description=description,
        handoff=original.handoff,
        category=original.category,
        severity=original.severity,
        found_in_function_id=original.found_in_function_id,
    )
    now = utcnow()
    ticket = add_ticket(data, actor, allocate_ticket_number(now.year), now)
    db.session.add(
        TicketLink(
            source=ticket, target=original, kind=LinkKind.FOLLOW_UP_OF, created_by_id=actor.id
        )
    )
    record_event(ticket, actor, EventKind.LINK, LinkKind.FOLLOW_UP_OF.value, None, original.number)
    owner = original.owner if rules.may_own_root_causes(original.owner) else None
    if owner is not None:
        hand_to_owner(ticket, actor, owner)
    return ticket


@ticket_command
def update_ticket(
    ticket: Ticket,
    data: TicketData,
    actor: User,
    expected_version: int,
    due_date: date | None = None,
) -> list[str]:
    """Save an edit; refuse it if someone else changed the ticket since the form was opened."""
    check(actor, "edit", ticket, expected_version)
    values = data.as_fields()
    if actor.is_coordinator:
        values["due_date"] = due_date
    changed = apply_changes(ticket, actor, values)
    if changed:
        ticket_edited.send(ticket, actor=actor, changed=changed)
    db.session.commit()
    return changed


@unversioned_command
def add_comment(ticket: Ticket, author: User, body: str) -> Comment:
    """A comment carries no version: it is saved whoever moved the ticket meanwhile."""
    check(author, "comment", ticket)
    comment = Comment(ticket_id=ticket.id, author=author, body=body.strip(), created_dt=utcnow())
    db.session.add(comment)
    touch_activity(ticket, comment.created_dt)
    ticket_commented.send(ticket, actor=author, comment=comment)
    db.session.commit()
    return comment


@ticket_command
def link_tickets(ticket: Ticket, actor: User, target: Ticket | None, kind: LinkKind) -> TicketLink:
    """Link to another ticket (`target` None: no ticket has the number given)."""
    check(actor, "link", ticket)
    if target is None:
        raise Invalid({"target": _("No ticket has this number.")})
    exists = target.id == ticket.id or db.session.scalar(
        select(TicketLink.id).where(
            TicketLink.source_id == ticket.id,
            TicketLink.target_id == target.id,
            TicketLink.kind == kind,
        )
    )
    if exists:
        raise Invalid({"target": _("This link is not possible or exists already.")})
    link = TicketLink(source=ticket, target=target, kind=kind, created_by_id=actor.id)
    db.session.add(link)
    record_event(ticket, actor, EventKind.LINK, kind.value, None, target.number)
    db.session.commit()
    return link
