"""Steps for effectiveness checks: a resolved ticket with a measure, time passing, a verdict."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

import backoffice.models
from backoffice.effectiveness.jobs import check_effectiveness
from backoffice.effectiveness.models import EffectivenessCheck
from backoffice.extensions import db
from backoffice.i18n import org_today
from backoffice.org.models import Handoff
from backoffice.tickets.models import PickListItem, Status, Ticket
from tests.factories import make_ticket
from tests.helpers import submit
from tests.meetings_steps import user


@contextmanager
def frozen_at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> Iterator[None]:
    """The app's clock (`backoffice.models.utcnow`, and so the office's today) stands at
    `moment` until the block ends; the test moves it on with `frozen_at` again."""

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # noqa: ANN401
            return moment.astimezone(tz or UTC)

    with monkeypatch.context() as patch:
        patch.setattr(backoffice.models, "datetime", Frozen)
        yield


def resolved_with_measure(office: Any, **fields: Any) -> Ticket:  # noqa: ANN401
    """A ticket of the office's handoff and category, resolved by its owner with a
    preventive action (the factory writes one), so a check is scheduled."""
    return make_ticket(
        reporter=user(office.clerk),
        handoff=db.session.get(Handoff, office.handoff_id),
        category=db.session.get(PickListItem, office.category_id),
        owner=user(office.owner),
        coordinator=user(office.coordinator),
        root_cause=db.session.get(PickListItem, office.root_cause_id),
        status=Status.RESOLVED,
        **fields,
    )


def check_of(number: str) -> EffectivenessCheck | None:
    """The newest check of the ticket with this number (in an app context)."""
    return db.session.scalar(
        select(EffectivenessCheck)
        .join(Ticket, EffectivenessCheck.ticket_id == Ticket.id)
        .where(Ticket.number == number)
        .order_by(EffectivenessCheck.id.desc())
    )


def fall_due(app: Flask, number: str) -> EffectivenessCheck:
    """Run the due job on the check's date; returns the check as stored then (detached)."""
    with app.app_context():
        check = check_of(number)
        assert check is not None
        check_effectiveness(today=check.due_date)
        db.session.expire_all()
        check = check_of(number)
        db.session.expunge(check)
        return check


def check_version(app: Flask, number: str) -> int:
    with app.app_context():
        return check_of(number).version


def post_verdict(
    client: FlaskClient, app: Flask, number: str, version: int | None = None, **data: str
) -> TestResponse:
    with app.app_context():
        check = check_of(number)
        check_id, current = check.id, check.version
    form = {"version": str(current if version is None else version), **data}
    return submit(client, f"/effectiveness/{check_id}/verdict", form, form_url=f"/tickets/{number}")


def post_check_date(client: FlaskClient, app: Flask, number: str, day: date | str) -> TestResponse:
    with app.app_context():
        check = check_of(number)
        check_id, version = check.id, check.version
    form = {"version": str(version), "due_date": str(day)}
    return submit(client, f"/effectiveness/{check_id}/date", form, form_url=f"/tickets/{number}")


def days_ago(moment: datetime, days: int) -> datetime:
    return moment - timedelta(days=days)


def office_today(app: Flask) -> date:
    with app.app_context():
        return org_today()
