"""Who is asked about which service: the customers through the handoffs, and the providers.

The customers of a service are the active users of the functions that receive it:
the downstream ends of its handoffs whose upstream end is the providing function. The
providing function's own members rate their service too, as they think its customers
would (the self-image). A person the coordinator added by hand is asked about every
service of the round.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from backoffice.agreements.models import Service, service_handoffs
from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.org.models import Handoff
from backoffice.surveys.models import SurveyInvitation, SurveyRound


@dataclass(frozen=True)
class Asked:
    """One service a person is asked about, and from which side."""

    service: Service
    is_provider: bool


def customer_functions(service_ids: list[int]) -> dict[int, set[int]]:
    """service id → ids of the functions that receive it (one statement)."""
    rows = db.session.execute(
        select(Service.id, Handoff.to_function_id)
        .join(service_handoffs, service_handoffs.c.service_id == Service.id)
        .join(Handoff, Handoff.id == service_handoffs.c.handoff_id)
        .where(
            Service.id.in_(service_ids), Handoff.from_function_id == Service.provider_function_id
        )
    )
    receivers: dict[int, set[int]] = defaultdict(set)
    for service_id, function_id in rows:
        receivers[service_id].add(function_id)
    return receivers


def default_respondents(services: list[Service]) -> list[int]:
    """The ids of the users a round over `services` asks: customers and providers."""
    receivers = customer_functions([s.id for s in services])
    functions = {s.provider_function_id for s in services}
    for ids in receivers.values():
        functions |= ids
    if not functions:
        return []
    return list(
        db.session.scalars(
            select(User.id)
            .where(User.function_id.in_(functions), User.is_active_user.is_(True))
            .order_by(User.id)
        )
    )


def services_for(invitation: SurveyInvitation) -> list[Asked]:
    """The services `invitation`'s person is asked about in its round, in the round's order."""
    services = invitation.round.services
    function_id = invitation.user.function_id
    receivers = customer_functions([s.id for s in services])
    asked = []
    for service in services:
        if function_id is not None and service.provider_function_id == function_id:
            asked.append(Asked(service, True))
        elif invitation.added_by_hand or function_id in receivers.get(service.id, set()):
            asked.append(Asked(service, False))
    return asked


def invite(survey_round: SurveyRound, user_ids: list[int], by_hand: bool = False) -> int:
    """Add invitations for those not yet asked in the round (the caller commits)."""
    asked = set(
        db.session.scalars(
            select(SurveyInvitation.user_id).where(SurveyInvitation.round_id == survey_round.id)
        )
    )
    new = [uid for uid in dict.fromkeys(user_ids) if uid not in asked]
    for user_id in new:
        db.session.add(
            SurveyInvitation(round_id=survey_round.id, user_id=user_id, added_by_hand=by_hand)
        )
    return len(new)
