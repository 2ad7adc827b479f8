"""Commands on survey rounds: plan one, add or remove people, select and follow up texts.

Who may: a coordinator for any service; a function's lead for the services their
function provides. Each command commits once; refusals are `Invalid` / `NotAllowed`.
The administrative changes go to the audit log (rounds have no timeline of their own).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from backoffice.agreements.models import Service
from backoffice.audit import record_audit
from backoffice.auth.models import User
from backoffice.errors import ChangedMeanwhile, Invalid, NotAllowed
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.i18n import org_today
from backoffice.org.models import Function
from backoffice.surveys.models import (
    RoundStatus,
    SurveyInvitation,
    SurveyRound,
    SurveyText,
    TextKind,
)
from backoffice.surveys.respondents import default_respondents, invite

ENTITY = "survey_round"


def led_function_ids(user: User) -> set[int]:
    return set(db.session.scalars(select(Function.id).where(Function.lead_id == user.id)))


def may_manage(user: User, services: list[Service]) -> bool:
    """A coordinator manages every round; a lead the rounds over their own services only."""
    if user.is_coordinator:
        return True
    led = led_function_ids(user)
    return bool(services) and all(s.provider_function_id in led for s in services)


def may_plan(user: User) -> bool:
    return user.is_coordinator or bool(led_function_ids(user))


def require_manager(user: User, survey_round: SurveyRound) -> None:
    if not may_manage(user, survey_round.services):
        raise NotAllowed()


@dataclass(frozen=True)
class RoundData:
    title: str
    opens_date: date
    closes_date: date
    service_ids: list[int]
    version: int | None = None  # of the round as the form showed it (a change only)


def plan_round(
    data: RoundData, actor: User, survey_round: SurveyRound | None = None
) -> SurveyRound:
    """Plan a new round (asking the services' customers and providers) or change a planned one."""
    if survey_round is not None and survey_round.status != RoundStatus.PLANNED:
        raise Invalid({"": _l("Only a planned round can be changed.")})
    if (
        survey_round is not None
        and data.version is not None
        and data.version != survey_round.version
    ):
        raise ChangedMeanwhile(survey_round.version)
    services = list(
        db.session.scalars(
            select(Service).where(Service.id.in_(data.service_ids), Service.is_active.is_(True))
        )
    )
    errors = {}
    if not services:
        errors["service_ids"] = _l("Choose at least one service.")
    moved = survey_round is None or data.opens_date != survey_round.opens_date
    if data.opens_date < org_today() and moved:
        errors["opens_date"] = _l("A round cannot open in the past.")
    if data.closes_date < data.opens_date:
        errors["closes_date"] = _l("A round closes on or after the day it opens.")
    if errors:
        raise Invalid(errors)
    if not may_manage(actor, services):
        raise NotAllowed()
    values = {"title": data.title, "opens_date": data.opens_date, "closes_date": data.closes_date}
    if survey_round is None:
        survey_round = SurveyRound(planned_by_id=actor.id, **values)
        survey_round.services = services
        db.session.add(survey_round)
        db.session.flush()
        invite(survey_round, default_respondents(services))
        record_audit(actor, ENTITY, survey_round.id, "created", {"title": ("", data.title)})
    else:
        for key, value in values.items():
            setattr(survey_round, key, value)
        survey_round.services = services
        invite(survey_round, default_respondents(services))  # the customers of added services
        record_audit(actor, ENTITY, survey_round.id, "updated", {"title": ("", data.title)})
    db.session.commit()
    return survey_round


def add_respondent(survey_round: SurveyRound, email: str, actor: User) -> User:
    """Ask one more person (by e-mail address), about every service of the round."""
    require_manager(actor, survey_round)
    if survey_round.status == RoundStatus.CLOSED:
        raise Invalid({"": _l("This round is closed.")})
    user = db.session.scalar(
        select(User).where(User.email == email.strip().lower(), User.is_active_user.is_(True))
    )
    if user is None:
        raise Invalid({"email": _l("No active user has this e-mail address.")})
    if not invite(survey_round, [user.id], by_hand=True):
        raise Invalid({"email": _l("This person is already asked in this round.")})
    record_audit(actor, ENTITY, survey_round.id, "respondent added", {"user": ("", user.email)})
    db.session.commit()
    return user


def remove_respondent(survey_round: SurveyRound, invitation_id: int, actor: User) -> str:
    """Ask someone less, while the round is planned (later, removing could tell who answered)."""
    require_manager(actor, survey_round)
    if survey_round.status != RoundStatus.PLANNED:
        raise Invalid({"": _l("People can be removed only before the round opens.")})
    invitation = db.session.get(SurveyInvitation, invitation_id)
    if invitation is None or invitation.round_id != survey_round.id:
        raise Invalid({"": _l("This person is not asked in this round.")})
    email, name = invitation.user.email, invitation.user.name
    db.session.delete(invitation)
    record_audit(actor, ENTITY, survey_round.id, "respondent removed", {"user": (email, "")})
    db.session.commit()
    return name


def select_text(text: SurveyText, selected: bool, actor: User) -> SurveyText:
    """Mark a free text for the review agenda (or take the mark off)."""
    require_manager(actor, db.session.get_one(SurveyRound, text.round_id))
    text.is_selected = selected
    db.session.commit()
    return text


def require_expectation(text: SurveyText) -> None:
    if text.kind != TextKind.EXPECTATION:
        raise Invalid({"": _l("Only an expectation can be followed up.")})


def note_follow_up(text: SurveyText, note: str, actor: User) -> None:
    """Record on the expectation what became of it (the caller commits)."""
    text.follow_up = note[:300]
    record_audit(actor, "survey_text", text.id, "followed up", {"follow_up": ("", note)})
