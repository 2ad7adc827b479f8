"""Survey benchmarks: `python -m bench.surveys` (SQLite in a temp dir, or BENCH_DATABASE_URL).

survey_profile: the service profile of a function whose 50 services got 5,000 answers in
                the latest round and 5,000 in the round before (target: under 100 ms).
survey_close:   closing a round of 5,000 answers: the aggregates, and deleting its 5,000
                answered-marks (target: under 2 s).

Rows are written in bulk as the form would write them (anonymous answers, a lead's own
question per service, free texts); `make bench` records both in bench/results/<database>.json.
"""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, date, datetime, timedelta

from flask import Flask
from sqlalchemy import delete, insert, select, update

from bench.measure import standalone_app, time_calls

SERVICES, ANSWERS = 50, 5_000
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
PASSWORD = "bench-password"


def _seed(rng: random.Random) -> tuple[int, list[int]]:
    """A provider with 50 services to one customer function of 5,000 people; two rounds."""
    from backoffice.agreements.models import Service, service_handoffs
    from backoffice.auth.models import Role, User
    from backoffice.auth.service import UserData, create_user
    from backoffice.extensions import db
    from backoffice.org.models import Function, Handoff
    from backoffice.surveys.models import RoundStatus, SurveyQuestion, SurveyRound

    provider, customer = Function(name="Bench provider"), Function(name="Bench customers")
    db.session.add_all([provider, customer])
    db.session.flush()
    create_user(UserData(email="bench-reader@example.com", name="Reader", role=Role.COORDINATOR,
                         function_id=None), PASSWORD)  # fmt: skip
    now = NOW
    db.session.execute(insert(User), [
        {"email": f"bench-customer{n}@example.com", "name": f"Customer {n}", "password_hash": "-",
         "role": "clerk", "function_id": customer.id, "is_active_user": True,
         "created_dt": now, "updated_dt": now}
        for n in range(ANSWERS)
    ])  # fmt: skip
    handoff = Handoff(name="invoices", from_function_id=provider.id, to_function_id=customer.id)
    db.session.add(handoff)
    db.session.flush()
    services = []
    for n in range(SERVICES):
        service = Service(provider_function_id=provider.id, name=f"Service {n:02d}")
        db.session.add(service)
        db.session.flush()
        db.session.execute(
            insert(service_handoffs).values(service_id=service.id, handoff_id=handoff.id)
        )
        db.session.add(SurveyQuestion(service_id=service.id, position=1, text_en="Own question",
                                      text_de="Eigene Frage", text_nl="Eigen vraag"))  # fmt: skip
        services.append(service.id)
    rounds = []
    for title in ("Spring survey", "Autumn survey"):
        survey_round = SurveyRound(title=title, opens_date=date(2026, 10, 1),
                                   closes_date=date(2026, 10, 15), status=RoundStatus.OPEN)  # fmt: skip
        db.session.add(survey_round)
        db.session.flush()
        rounds.append(survey_round.id)
    db.session.commit()
    for round_id in rounds:
        _answers(rng, round_id, services)
        _marks(round_id)
    return provider.id, rounds


def _answers(rng: random.Random, round_id: int, services: list[int]) -> None:
    from backoffice.extensions import db
    from backoffice.surveys.models import (
        CORE_QUESTIONS,
        SurveyAnswer,
        SurveyQuestion,
        SurveyScore,
        SurveyText,
    )

    questions = dict(db.session.execute(select(SurveyQuestion.service_id, SurveyQuestion.id)).all())
    rows = []
    for n in range(ANSWERS):
        service_id = services[n % len(services)]
        row = {key: rng.randint(1, 5) for key in CORE_QUESTIONS}
        rows.append(
            {"round_id": round_id, "service_id": service_id, "is_provider": n % 10 == 0, **row}
        )
    ids = db.session.scalars(
        insert(SurveyAnswer).returning(SurveyAnswer.id, sort_by_parameter_order=True), rows
    ).all()
    db.session.execute(insert(SurveyScore), [
        {"answer_id": answer_id, "question_id": questions[row["service_id"]], "score": rng.randint(1, 5)}
        for answer_id, row in zip(ids, rows, strict=True)
    ])  # fmt: skip
    db.session.execute(insert(SurveyText), [
        {"round_id": round_id, "service_id": row["service_id"], "kind": "expectation",
         "body": "Hours approved by the 3rd working day, for the invoice run.",
         "sort_key": rng.randint(0, 2**31 - 1), "is_selected": False, "follow_up": ""}
        for row in rows if not row["is_provider"] and rng.random() < 0.3
    ])  # fmt: skip
    db.session.commit()


def _marks(round_id: int) -> None:
    """The answered-marks of the round's 5,000 people, as answering leaves them."""
    from backoffice.auth.models import User
    from backoffice.extensions import db
    from backoffice.surveys.models import SurveyInvitation

    users = db.session.scalars(select(User.id).where(User.email.like("bench-customer%"))).all()
    db.session.execute(insert(SurveyInvitation), [
        {"round_id": round_id, "user_id": uid, "added_by_hand": False, "has_answered": True}
        for uid in users
    ])  # fmt: skip
    db.session.commit()


def _reopen(round_id: int) -> None:
    from backoffice.extensions import db
    from backoffice.surveys.models import RoundStatus, SurveyResult, SurveyRound

    db.session.execute(delete(SurveyResult).where(SurveyResult.round_id == round_id))
    db.session.execute(
        update(SurveyRound)
        .where(SurveyRound.id == round_id)
        .values(status=RoundStatus.OPEN, closed_dt=None)
    )
    db.session.commit()
    _marks(round_id)


def bench_survey_close(app: Flask, runs: int = 3) -> dict[str, float]:
    from backoffice.extensions import db
    from backoffice.surveys.closing import close_round

    with app.app_context():
        provider_id, rounds = _seed(random.Random(4711))
        close_round(rounds[0], NOW - timedelta(days=120))
        latest = rounds[1]

        def before(i: int) -> None:
            if i:
                _reopen(latest)

        result = time_calls(db.engine, lambda: close_round(latest, NOW), runs, before_each=before,
                            after_each=db.session.remove)  # fmt: skip
    app.config["BENCH_SURVEY_PROVIDER"] = provider_id
    return result | {"answers": ANSWERS, "services": SERVICES}


def bench_survey_profile(app: Flask, runs: int = 20) -> dict[str, float]:
    """Run after bench_survey_close: the profile of the provider of the 50 services."""
    from backoffice.extensions import db

    client = app.test_client()
    response = client.post(
        "/login", data={"email": "bench-reader@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302, response.status_code
    url = f"/profiles/{app.config['BENCH_SURVEY_PROVIDER']}"

    def run() -> None:
        page = client.get(url)
        assert page.status_code == 200 and b"dumbbell" in page.data, page.status_code

    with app.app_context():
        engine = db.engine
    return time_calls(engine, run, runs) | {"answers": 2 * ANSWERS, "services": SERVICES}


def main() -> None:
    app = standalone_app("surveys", WTF_CSRF_ENABLED=False)
    results: dict[str, object] = {"load_average_before": os.getloadavg()}
    results["survey_close"] = bench_survey_close(app)
    results["survey_profile"] = bench_survey_profile(app)
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
