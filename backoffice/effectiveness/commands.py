"""Recording a verdict on a check and moving its date: the only writes people make.

Both refuse the same way as every service: `NotAllowed` for anyone but the root-cause
owner or a coordinator, `Invalid` at the field, `ChangedMeanwhile` when the check was
changed since the form was opened (the version column also catches the race where two
people submit at the same moment: the second UPDATE finds no row of its version).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import wraps
from typing import Concatenate, ParamSpec

from sqlalchemy.orm.exc import StaleDataError

from backoffice.auth.models import User
from backoffice.date_formats import show_date
from backoffice.effectiveness.follow_up import open_failed_measure
from backoffice.effectiveness.models import VERDICTS, CheckState, EffectivenessCheck
from backoffice.errors import ChangedMeanwhile, Invalid, NotAllowed
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.i18n import org_today
from backoffice.models import utcnow
from backoffice.tickets.models import Ticket
from backoffice.tickets.rules import owner_or_coordinator

P = ParamSpec("P")
LATEST_CHECK = timedelta(days=2 * 366)  # a check date at most about two years ahead


@dataclass
class Verdict:
    state: str
    note: str
    due_date: date | None = None  # "observe longer": the new check date


def may_decide(user: User, ticket: Ticket) -> bool:
    return user.is_authenticated and owner_or_coordinator(user, ticket)


def require_decider(check: EffectivenessCheck, user: User) -> EffectivenessCheck:
    """The check, if `user` may decide on it; else 403 (before any form is read)."""
    if not may_decide(user, check.ticket):
        raise NotAllowed()
    return check


def check_date_error(day: date | None, today: date) -> str | None:
    """Why a new check date is refused, or None: tomorrow at the earliest, two years at most."""
    if day is None:
        return _("Give the date of the next check.")
    if day <= today:
        return _("Choose a date after today.")
    if day > today + LATEST_CHECK:
        return _(
            "Choose a date until %(last)s at the latest.", last=show_date(today + LATEST_CHECK)
        )
    return None


def _guard(check: EffectivenessCheck, actor: User, expected_version: int | None) -> None:
    if not may_decide(actor, check.ticket):
        raise NotAllowed()
    if expected_version is not None and expected_version != check.version:
        raise ChangedMeanwhile(check.version)


Command = Callable[Concatenate[EffectivenessCheck, P], EffectivenessCheck]


def check_command(command: Command[P]) -> Command[P]:
    """A write that lost the race is "changed meanwhile" (409, input kept), whether the stale
    UPDATE fails at the commit or at a flush on the way (the follow-up reads the tickets)."""

    @wraps(command)
    def run(check: EffectivenessCheck, *args: P.args, **kwargs: P.kwargs) -> EffectivenessCheck:
        try:
            return command(check, *args, **kwargs)
        except StaleDataError:
            db.session.rollback()
            raise ChangedMeanwhile(check.version) from None  # the version stored now

    return run


@check_command
def record_verdict(
    check: EffectivenessCheck, actor: User, verdict: Verdict, expected_version: int | None = None
) -> EffectivenessCheck:
    """Effective, not effective (opens a follow-up ticket) or observe longer (a new date)."""
    _guard(check, actor, expected_version)
    if check.state != CheckState.DUE:
        raise ChangedMeanwhile(check.version)
    errors = {}
    if verdict.state not in {v.value for v in VERDICTS}:
        errors["verdict"] = _("Choose a verdict.")
    if not verdict.note.strip():
        errors["note"] = _("Say in a sentence what the verdict rests on.")
    if verdict.state == CheckState.OBSERVE and (
        problem := check_date_error(verdict.due_date, org_today())
    ):
        errors["due_date"] = problem
    if errors:
        raise Invalid(errors)
    check.state = CheckState(verdict.state)
    check.verdict_note = verdict.note.strip()
    check.decided_by_id = actor.id
    check.decided_dt = utcnow()
    if check.state == CheckState.OBSERVE:
        check.due_date = verdict.due_date  # type: ignore[assignment]
        check.notified_dt = None
    elif check.state == CheckState.NOT_EFFECTIVE:
        check.follow_up = open_failed_measure(check, actor)
    db.session.commit()
    return check


@check_command
def change_check_date(
    check: EffectivenessCheck, actor: User, day: date | None, expected_version: int | None = None
) -> EffectivenessCheck:
    """Move an open check to another date (a check already due waits again)."""
    _guard(check, actor, expected_version)
    if not check.is_open:
        raise ChangedMeanwhile(check.version)
    if problem := check_date_error(day, org_today()):
        raise Invalid({"due_date": problem})
    check.due_date = day  # type: ignore[assignment]
    if check.state == CheckState.DUE:
        check.state = CheckState.SCHEDULED
    check.notified_dt = None
    db.session.commit()
    return check
