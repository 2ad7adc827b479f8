"""Steps for the survey tests: a service with customers and providers, a round opened by
the job, the personal link read from the outbox, and answers posted through it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import delete, select

from backoffice.agreements import catalogue
from backoffice.auth.models import Role, User
from backoffice.extensions import db
from backoffice.i18n import org_today
from backoffice.mail.models import OutboxMessage
from backoffice.models import utcnow
from backoffice.org.models import Function
from backoffice.surveys.jobs import run_survey_rounds
from backoffice.surveys.models import CORE_QUESTIONS, SurveyRound
from backoffice.surveys.rounds import RoundData, plan_round
from tests.factories import make_user
from tests.helpers import csrf_token_from_html

LINK = re.compile(r"https?://\S+/survey/[\w.\-]+")


@dataclass(frozen=True)
class SurveyOffice:
    service_id: int
    customers: list[str]  # e-mail addresses in the receiving functions
    providers: list[str]  # in the providing function


def survey_office(office: Any, customers: int = 4, providers: int = 3) -> SurveyOffice:  # noqa: ANN401
    """Time registration provides "Hour questions" to Invoicing and Payroll; more people in each."""
    invoicing = db.session.get(Function, office.invoicing_id)
    time_registration = db.session.get(Function, office.time_registration_id)
    coordinator = db.session.scalar(select(User).where(User.email == office.coordinator))
    service = catalogue.save_service(
        None,
        catalogue.ServiceData(
            office.time_registration_id, "Hour questions", "",
            [office.handoff_id, office.other_handoff_id],
        ),
        coordinator,
    )  # fmt: skip
    extra_customers = [
        make_user(f"customer{n}@example.com", Role.CLERK, f"Customer {n}", function=invoicing).email
        for n in range(customers - 1)
    ]
    extra_providers = [
        make_user(
            f"provider{n}@example.com", Role.CLERK, f"Provider {n}", function=time_registration
        ).email
        for n in range(providers - 1)
    ]
    return SurveyOffice(
        service.id, [office.clerk, *extra_customers], [office.owner, *extra_providers]
    )


def open_round(office: Any, survey: SurveyOffice, title: str = "Winter survey") -> int:  # noqa: ANN401
    """A round over the service, planned by the coordinator, opened and mailed by the job."""
    coordinator = db.session.scalar(select(User).where(User.email == office.coordinator))
    today = org_today()
    survey_round = plan_round(
        RoundData(title, today, today + timedelta(days=14), [survey.service_id]), coordinator
    )
    run_survey_rounds(utcnow())
    return survey_round.id


def mailed_link(email: str, kind: str = "invite") -> str:
    """The personal link in the newest survey mail of `kind` to `email`."""
    message = db.session.scalar(
        select(OutboxMessage)
        .where(
            OutboxMessage.recipients == email, OutboxMessage.dedup_key.like(f"survey:%:{kind}:%")
        )
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    assert message is not None, f"no survey mail ({kind}) to {email}"
    match = LINK.search(message.body_text)
    assert match, message.body_text
    return match.group(0)


def path_of(link: str) -> str:
    return "/survey/" + link.rsplit("/survey/", 1)[1]


def answers(service_id: int, score: int = 4, **extra: str) -> dict[str, str]:
    data = {f"s{service_id}_{key}": str(score) for key in CORE_QUESTIONS}
    data.update({f"s{service_id}_{key}": value for key, value in extra.items()})
    return data


def post_answers(client: FlaskClient, path: str, data: dict[str, str]):  # noqa: ANN201
    """Open the form as the respondent would, then send it with its CSRF token."""
    page = client.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    token = csrf_token_from_html(page.get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def answer_round(app, client_factory, office, survey: SurveyOffice, customer_score: int,  # noqa: ANN001
                 provider_score: int, customers: int | None = None) -> None:  # fmt: skip
    """Each of the first `customers` customers and every provider answers through their link."""
    with app.app_context():
        people = [(e, customer_score) for e in survey.customers[:customers]]
        people += [(e, provider_score) for e in survey.providers]
        links = [(path_of(mailed_link(e)), s) for e, s in people]
    for path, score in links:
        response = post_answers(client_factory(), path, answers(survey.service_id, score))
        assert response.status_code == 200, response.get_data(as_text=True)[:800]


def round_status(round_id: int) -> str:
    return db.session.get(SurveyRound, round_id).status.value


def survey_world(coordinator: User, service_id: int) -> tuple[dict[str, str], list[str]]:
    """For `every_page`: a closed round with results and free texts, an open one with an
    unused personal link and a planned one; the URL values of the survey pages (the closed
    round's) and the pages of the other two rounds."""
    from backoffice.surveys.answers import ServiceAnswer, submit_answers
    from backoffice.surveys.models import SurveyInvitation, SurveyText, TextKind
    from backoffice.surveys.rounds import add_respondent

    today = org_today()
    closed = plan_round(RoundData("Spring survey", today, today, [service_id]), coordinator)
    for email in ("coordinator@example.com", "admin@example.com", "owner2@example.com"):
        add_respondent(closed, email, coordinator)
    run_survey_rounds(utcnow())
    texts = {TextKind.KEEP: "Quick answers", TextKind.CHANGE: "Earlier exports",
             TextKind.EXPECTATION: "Hours approved by the 3rd working day"}  # fmt: skip
    for invitation in db.session.scalars(
        select(SurveyInvitation).where(SurveyInvitation.round_id == closed.id)
    ).all():
        core = {key: 3 for key in CORE_QUESTIONS}
        submit_answers(invitation, [ServiceAnswer(service_id, False, core, {}, texts)], utcnow())
    from backoffice.surveys.closing import close_round

    close_round(closed.id, utcnow())
    fortnight = today + timedelta(days=14)  # no reminder yet: the mailed link stays valid
    current = plan_round(RoundData("Autumn survey", today, fortnight, [service_id]), coordinator)
    run_survey_rounds(utcnow())
    invitation = db.session.scalars(
        select(SurveyInvitation).where(SurveyInvitation.round_id == current.id)
    ).first()
    link = mailed_link(invitation.user.email)
    # Mails are written in their reader's language when queued; the language test sends
    # its own (`mail_a_survey_round`) once everyone speaks the language it checks.
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.dedup_key.like("survey:%")))
    db.session.commit()
    later = today + timedelta(days=30)
    planned = plan_round(RoundData("Summer survey", later, later, [service_id]), coordinator)
    values = {
        "round_id": str(closed.id),
        "invitation_id": str(invitation.id),
        "text_id": str(db.session.scalars(select(SurveyText.id)).first()),
        "token": link.rsplit("/survey/", 1)[1],
        "file_format": "pdf",
    }
    pages = [f"/surveys/{current.id}", f"/surveys/{current.id}/answer", f"/surveys/{planned.id}"]
    return values, pages


def mail_a_survey_round(coordinator: User, service_id: int) -> None:
    """A round that opens and closes today: its invitations and its one reminder are queued."""
    today = org_today()
    plan_round(RoundData("Check round", today, today, [service_id]), coordinator)
    run_survey_rounds(utcnow())
