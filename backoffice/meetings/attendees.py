"""Who is invited to a review: by default the function leads, coordinators and open-ticket owners."""

from __future__ import annotations

from sqlalchemy import or_, select

from backoffice.auth.models import Role, User
from backoffice.extensions import db
from backoffice.meetings.models import QuarterlyReview, ReviewAttendee
from backoffice.org.models import Function
from backoffice.tickets.models import OPEN_STATUSES, Ticket


def default_attendee_ids() -> set[int]:
    """Active users who lead a function, coordinate, or own an open ticket (one statement)."""
    leads = select(Function.lead_id).where(Function.is_active, Function.lead_id.is_not(None))
    owners = select(Ticket.owner_id).where(
        Ticket.status.in_(list(OPEN_STATUSES)), Ticket.owner_id.is_not(None)
    )
    return set(
        db.session.scalars(
            select(User.id).where(
                User.is_active_user,
                or_(User.role == Role.COORDINATOR, User.id.in_(leads), User.id.in_(owners)),
            )
        )
    )


def add_default_attendees(review: QuarterlyReview) -> None:
    """Add the default attendees that are missing (never removes anyone; caller commits)."""
    present = set(
        db.session.scalars(
            select(ReviewAttendee.user_id).where(ReviewAttendee.review_id == review.id)
        )
    )
    for user_id in sorted(default_attendee_ids() - present):
        db.session.add(ReviewAttendee(review_id=review.id, user_id=user_id))
    db.session.flush()


def attendee_users(review: QuarterlyReview) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(ReviewAttendee, ReviewAttendee.user_id == User.id)
            .where(ReviewAttendee.review_id == review.id)
            .order_by(User.name)
        )
    )


def set_attendees(review: QuarterlyReview, user_ids: set[int]) -> tuple[set[int], set[int]]:
    """Make the attendee list exactly `user_ids`; returns (added, removed). Caller commits."""
    rows = {
        row.user_id: row
        for row in db.session.scalars(
            select(ReviewAttendee).where(ReviewAttendee.review_id == review.id)
        )
    }
    added, removed = user_ids - rows.keys(), rows.keys() - user_ids
    for user_id in removed:
        db.session.delete(rows[user_id])
    for user_id in sorted(added):
        db.session.add(ReviewAttendee(review_id=review.id, user_id=user_id))
    db.session.flush()
    return added, set(removed)


def people_choices() -> list[tuple[int, str]]:
    users = db.session.scalars(select(User).where(User.is_active_user).order_by(User.name))
    return [(u.id, f"{u.name} <{u.email}>") for u in users]


def people_by_function() -> list[tuple[str, list[User]]]:
    """Active users grouped by their function (those without one last), for the checkboxes."""
    users = db.session.scalars(
        select(User)
        .outerjoin(Function, User.function_id == Function.id)
        .where(User.is_active_user)
        .order_by(Function.name.is_(None), Function.name, User.name)
    )
    groups: dict[str, list[User]] = {}
    for u in users:
        groups.setdefault(u.function.name if u.function else "", []).append(u)
    return list(groups.items())
