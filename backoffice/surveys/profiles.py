"""A function's service profile: its own words, where its job ends, its services with
agreements and achievement, what its customers say, and where it missed with measures.

`profile_page` gathers everything the page, the PDF and the XLSX show, in a fixed
number of statements however many answers there are (the bench pins it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backoffice.agreements.achievement import achievement, current_quarter
from backoffice.agreements.models import Service
from backoffice.auth.models import User
from backoffice.errors import ChangedMeanwhile, Invalid, NotAllowed
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.org.models import Function
from backoffice.quarters import Quarter
from backoffice.surveys.models import FunctionProfile, ProfileBoundary, TextKind
from backoffice.surveys.results import GroupedText, RoundScores, grouped_texts, service_scores

BOUNDARY_ROWS = 6
EXPECTATIONS_SHOWN = 10  # per service, the most often written first


@dataclass(frozen=True)
class Boundary:
    task: str
    instead_function_id: int | None


@dataclass(frozen=True)
class ProfileData:
    purpose: str
    does: str
    boundaries: list[Boundary]


def may_edit_profile(user: User, function: Function) -> bool:
    return user.is_coordinator or function.lead_id == user.id


def profile_of(function: Function) -> FunctionProfile | None:
    return db.session.scalar(
        select(FunctionProfile)
        .where(FunctionProfile.function_id == function.id)
        .options(selectinload(FunctionProfile.boundaries).joinedload(ProfileBoundary.instead_function))
    )  # fmt: skip


def save_profile(
    function: Function, data: ProfileData, version: str | None, actor: User
) -> FunctionProfile:
    """Save the function's own words (its lead or a coordinator); a stale form is refused."""
    if not may_edit_profile(actor, function):
        raise NotAllowed()
    profile = profile_of(function)
    if profile is not None and version and version != str(profile.version):
        raise ChangedMeanwhile(profile.version)
    if any(b.instead_function_id == function.id for b in data.boundaries):
        raise Invalid({"boundaries": _l("Name another function than this one.")})
    known = set(db.session.scalars(select(Function.id)))
    if any(b.instead_function_id not in known for b in data.boundaries if b.instead_function_id):
        raise Invalid({"boundaries": _l("Choose a function from the list.")})
    if profile is None:
        profile = FunctionProfile(function_id=function.id)
        db.session.add(profile)
    profile.purpose, profile.does = data.purpose, data.does
    profile.boundaries = [
        ProfileBoundary(position=n, task=b.task, instead_function_id=b.instead_function_id)
        for n, b in enumerate(data.boundaries)
    ]
    db.session.commit()
    return profile


@dataclass
class ServiceCard:
    service: Service
    rounds: list[RoundScores]
    expectations: list[GroupedText] = field(default_factory=list)

    @property
    def latest(self) -> RoundScores | None:
        return self.rounds[0] if self.rounds else None


@dataclass
class ProfilePage:
    function: Function
    profile: FunctionProfile | None
    quarter: Quarter
    cards: list[ServiceCard]
    figures: Any  # agreements.achievement.Achievement for the function

    @property
    def does(self) -> list[str]:
        return [
            line.strip()
            for line in (self.profile.does if self.profile else "").splitlines()
            if line.strip()
        ]


def profile_page(function: Function, quarter: Quarter | None = None) -> ProfilePage:
    quarter = quarter or current_quarter()
    services = list(
        db.session.scalars(
            select(Service)
            .where(Service.provider_function_id == function.id, Service.is_active.is_(True))
            .options(selectinload(Service.agreements))
            .order_by(Service.name)
        )
    )
    ids = [s.id for s in services]
    scores = service_scores(ids)
    cards = [ServiceCard(service, scores.get(service.id, [])) for service in services]
    by_round: dict[int, list[int]] = {}
    for card in cards:
        if card.latest is not None:
            by_round.setdefault(card.latest.round_id, []).append(card.service.id)
    for round_id, service_ids in by_round.items():  # mostly one round: one statement
        grouped = grouped_texts([round_id], service_ids, TextKind.EXPECTATION, EXPECTATIONS_SHOWN)
        for card in cards:
            if card.latest and card.latest.round_id == round_id:
                card.expectations = grouped.get(card.service.id, [])
    return ProfilePage(
        function, profile_of(function), quarter, cards, achievement(quarter, function)
    )


def profile_form_data(function: Function) -> dict[str, Any]:
    """The profile as the edit form starts with it (a posted form overrides it)."""
    profile = profile_of(function)
    if profile is None:
        return {"version": ""}
    rows = [
        {"task": b.task, "instead_function_id": b.instead_function_id or 0}
        for b in profile.boundaries
    ]
    return {"version": str(profile.version), "purpose": profile.purpose, "does": profile.does,
            "boundaries": rows}  # fmt: skip
