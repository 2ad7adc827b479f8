"""The ticket factory gives a ticket in any status with the history a real one would have."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from backoffice.auth.models import Role
from backoffice.extensions import db
from backoffice.tickets.models import EventKind, Status, TicketEvent
from tests.factories import PATH_TO, make_ticket, make_user


@pytest.mark.parametrize("status", list(Status))
def test_a_ticket_can_be_made_in_any_status_by_the_workflow(app: Flask, status: Status):
    with app.app_context():
        ticket = make_ticket(status=status)
        moves = db.session.scalars(
            select(TicketEvent.new_value)
            .where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == EventKind.STATUS)
            .order_by(TicketEvent.id)
        ).all()

        assert ticket.status == status
        assert len(moves) == len(PATH_TO[status])
        assert (moves[-1] if moves else Status.NEW.value) == status.value


def test_the_given_people_make_the_moves(app: Flask):
    with app.app_context():
        owner = make_user(role=Role.OWNER)
        ticket = make_ticket(status=Status.RESOLVED, owner=owner)

        assert ticket.owner_id == owner.id
        assert ticket.resolved_dt is not None
        assert ticket.root_cause is not None
