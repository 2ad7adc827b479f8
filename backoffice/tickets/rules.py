"""Who may do what to a ticket, and when a ticket is due: one home for each rule.

The workflow (and through it the buttons, the views and the forms) asks these
functions; so do the pick-lists of owners elsewhere in the app, so a person offered
as an owner is also accepted as one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flask import Flask, current_app
from sqlalchemy import ColumnElement, and_

from backoffice.auth.models import Role, User
from backoffice.i18n import org_today
from backoffice.tickets.models import Status, Ticket


def may_own_root_causes(user: User | None) -> bool:
    """Root causes are owned by active people who are more than clerks."""
    return user is not None and bool(user.is_active_user) and user.role != Role.CLERK


def root_cause_owners() -> ColumnElement[bool]:
    """`may_own_root_causes` as a condition on users, for the owner pick-lists."""
    return and_(User.is_active_user.is_(True), User.role != Role.CLERK)


def is_coordinator(user: User, ticket: Ticket) -> bool:
    return user.has_role(Role.COORDINATOR)


def is_owner(user: User, ticket: Ticket) -> bool:
    return ticket.owner_id is not None and ticket.owner_id == user.id


def is_reporter(user: User, ticket: Ticket) -> bool:
    return ticket.reporter_id == user.id


def owner_or_coordinator(user: User, ticket: Ticket) -> bool:
    return is_owner(user, ticket) or is_coordinator(user, ticket)


def reporter_or_coordinator(user: User, ticket: Ticket) -> bool:
    return is_reporter(user, ticket) or is_coordinator(user, ticket)


def involved(user: User, ticket: Ticket) -> bool:
    """Reporter, owner or coordinator: the people a ticket concerns."""
    return is_reporter(user, ticket) or owner_or_coordinator(user, ticket)


def takes_part(user: User, ticket: Ticket) -> bool:
    """Who may comment on and attach to a ticket (everyone signed in may read it).

    The people it concerns (reporter, root-cause owner, coordinators and admins) and the
    people of the two functions on either side of its handoff, who know the work.
    """
    handoff = ticket.handoff
    return involved(user, ticket) or (
        user.function_id is not None
        and user.function_id in (handoff.from_function_id, handoff.to_function_id)
    )


def may_edit(user: User, ticket: Ticket) -> bool:
    """A reporter may correct their report until it is triaged; owner and coordinator always."""
    return owner_or_coordinator(user, ticket) or (
        is_reporter(user, ticket) and ticket.status == Status.NEW
    )


BusinessDayTest = Callable[[date], bool]


def monday_to_friday(day: date) -> bool:
    return day.weekday() < 5


def use_business_days(app: Flask, is_business_day: BusinessDayTest) -> None:
    """Let a feature say which days count for due dates (the agreements feature gives its
    default calendar, public holidays included); without one, Monday to Friday count."""
    app.extensions["business_day_test"] = is_business_day


def default_due_date(severity_value: str, start: date | None = None) -> date:
    """Due date by severity, counted in the organisation's business days from its today."""
    days = current_app.config["DUE_DAYS_BY_SEVERITY"].get(severity_value, 10)
    is_business_day = current_app.extensions.get("business_day_test", monday_to_friday)
    current = start or org_today()
    while days > 0:
        current += timedelta(days=1)
        if is_business_day(current):
            days -= 1
    return current
