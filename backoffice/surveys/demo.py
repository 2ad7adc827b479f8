"""Demo data: two past survey rounds and the functions' profiles, so the gap chart tells a
story from the first start. Invoicing thinks far better of itself than its customers do;
Time registration sees itself about as its customers see it, and improves.

Answers are written as the form would (anonymous rows, random text order) and the rounds
closed by `close_round`, so the aggregates come from the one place that makes them.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta

from sqlalchemy import func, select

from backoffice.agreements.models import Service
from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.i18n import org_today
from backoffice.models import utcnow
from backoffice.org.models import Function
from backoffice.surveys.closing import close_round
from backoffice.surveys.models import (
    CORE_QUESTIONS,
    FunctionProfile,
    ProfileBoundary,
    RoundStatus,
    SurveyAnswer,
    SurveyRound,
    SurveyText,
    TextKind,
)
from backoffice.surveys.respondents import customer_functions

# function name → (customers' mean in the older round, in the newer one, self-image)
STORY = {
    "Invoicing": (2.6, 2.5, 4.5),
    "Time registration": (3.1, 3.7, 3.8),
}
DEFAULT_STORY = (3.4, 3.5, 3.9)
EXPECTATIONS = [
    "Hours approved by the 3rd working day, for the invoice run.",
    "A corrected invoice within two days when the rate was wrong, because the client pays late otherwise.",
    "Tell us before the 25th when the payroll export will be late, so we can warn the staff.",
    "Project codes set up the day the contract is signed, so hours can be booked from day one.",
    "One contact person per month-end close, so questions do not bounce between teams.",
]
KEEP = ["Quick, friendly answers on the phone.", "The monthly checklist helps a lot.",
        "Corrections are done properly once they are picked up."]  # fmt: skip
CHANGE = ["Tell us early when something goes wrong, not after the run.",
          "Explain why a request was rejected.", "Answer mails within a day."]  # fmt: skip
PROFILES = {
    "Time registration": (
        "We make sure every hour worked is recorded, approved and ready for invoicing and "
        "payroll on time.",
        "Timesheet approvals\nCorrections of booked hours\nThe monthly hours close",
        [("Invoices to clients", "Invoicing"), ("Salary questions", "Payroll")],
    ),
    "Invoicing": (
        "We turn approved hours and agreed rates into correct invoices, on time, every month.",
        "Invoice runs\nCredit notes\nDunning",
        [("Approving hours", "Time registration"), ("Booking payments", "Accounting")],
    ),
}


def _score(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def _answer(
    rng: random.Random, round_id: int, service_id: int, mean: float, is_provider: bool
) -> None:
    scores = {key: _score(rng, mean + rng.uniform(-0.3, 0.3)) for key in CORE_QUESTIONS}
    db.session.add(
        SurveyAnswer(round_id=round_id, service_id=service_id, is_provider=is_provider, **scores)
    )
    if is_provider:
        return
    for kind, pool, share in ((TextKind.EXPECTATION, EXPECTATIONS, 0.35),
                              (TextKind.KEEP, KEEP, 0.2), (TextKind.CHANGE, CHANGE, 0.25)):  # fmt: skip
        if rng.random() < share:
            db.session.add(
                SurveyText(round_id=round_id, service_id=service_id, kind=kind,
                           body=rng.choice(pool), sort_key=secrets.randbelow(2**31))
            )  # fmt: skip


def _people(function_ids: set[int]) -> int:
    if not function_ids:
        return 0
    return db.session.scalar(select(func.count()).where(User.function_id.in_(function_ids))) or 0


def _profiles(functions: dict[str, Function]) -> None:
    for name, (purpose, does, boundaries) in PROFILES.items():
        if name not in functions:
            continue
        profile = FunctionProfile(function_id=functions[name].id, purpose=purpose, does=does)
        profile.boundaries = [
            ProfileBoundary(position=n, task=task, instead_function_id=functions[other].id)
            for n, (task, other) in enumerate(boundaries)
            if other in functions
        ]
        db.session.add(profile)


def seed_surveys(seed: int = 4711) -> dict[str, int]:
    """Two closed rounds over every active service (once: nothing happens when rounds exist)."""
    if db.session.scalar(select(func.count(SurveyRound.id))):
        return {"rounds": 0, "answers": 0}
    rng = random.Random(seed)
    services = list(db.session.scalars(select(Service).where(Service.is_active.is_(True))))
    functions = {f.name: f for f in db.session.scalars(select(Function))}
    names = {f.id: f.name for f in functions.values()}
    receivers = customer_functions([s.id for s in services])
    today, answers = org_today(), 0
    for index, (title, days_ago) in enumerate((("Spring survey", 140), ("Autumn survey", 50))):
        closes = today - timedelta(days=days_ago)
        survey_round = SurveyRound(title=title, opens_date=closes - timedelta(days=14), closes_date=closes,
                                   status=RoundStatus.OPEN, opened_dt=utcnow() - timedelta(days=days_ago + 14))  # fmt: skip
        survey_round.services = services
        db.session.add(survey_round)
        db.session.flush()
        for service in services:
            older, newer, own = STORY.get(names[service.provider_function_id], DEFAULT_STORY)
            customers = max(
                4, int(_people(receivers.get(service.id, set())) * rng.uniform(0.5, 0.8))
            )
            for _n in range(customers):
                _answer(rng, survey_round.id, service.id, newer if index else older, False)
            for _n in range(max(3, _people({service.provider_function_id}))):
                _answer(rng, survey_round.id, service.id, own, True)
            answers += customers
        db.session.flush()
        close_round(survey_round.id, utcnow() - timedelta(days=days_ago - 1))
    _profiles(functions)
    db.session.commit()
    return {"rounds": 2, "answers": answers}
