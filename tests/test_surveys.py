"""Survey rounds end to end through the public surface: planned, mailed, answered through
the personal link, refused when it must be, closed, and shown with the threshold."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.i18n import org_day
from backoffice.mail.models import OutboxMessage
from backoffice.meetings.models import QuarterlyReview
from backoffice.meetings.schedule import ensure_reviews
from backoffice.models import utcnow
from backoffice.org.models import Function
from backoffice.surveys.closing import close_round
from backoffice.surveys.jobs import run_survey_rounds
from backoffice.surveys.models import (
    RoundStatus,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResult,
    SurveyRound,
)
from backoffice.surveys.rounds import RoundData, plan_round
from tests.helpers import csrf_token_from_html, field_error, login, logout, submit, textarea_text
from tests.survey_steps import (
    answer_round,
    answers,
    mailed_link,
    open_round,
    path_of,
    post_answers,
    round_status,
    survey_office,
)


def _survey_mails() -> int:
    return db.session.scalar(select(func.count()).where(OutboxMessage.dedup_key.like("survey:%")))


def test_a_round_asks_the_customers_and_the_providers_once_each(app, office):
    with app.app_context():
        survey = survey_office(office)
        round_id = open_round(office, survey)
        asked = set(
            db.session.scalars(
                select(SurveyInvitation.user_id).where(SurveyInvitation.round_id == round_id)
            )
        )
        mails = _survey_mails()
        again = run_survey_rounds(utcnow())
        assert round_status(round_id) == "open"
        assert _survey_mails() == mails == len(asked) == 4 + 3 + 1  # + Olga in Payroll
        assert again["invited"] == 0 and again["opened"] == 0
        assert mailed_link(office.clerk).startswith(app.config["APP_BASE_URL"])


def test_the_link_opens_the_form_without_signing_in_and_works_once(app, office, client):
    with app.app_context():
        survey = survey_office(office)
        open_round(office, survey)
        path = path_of(mailed_link(office.clerk))
    page = client.get(path).get_data(as_text=True)
    assert "Hour questions" in page and "Reliability: delivers what was agreed" in page
    done = post_answers(client, path, answers(survey.service_id, 5, keep="Quick answers"))
    assert "Thank you" in done.get_data(as_text=True)
    again = client.get(path)
    assert again.status_code == 200
    assert "You have answered this survey already" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)) == 1


def test_an_altered_or_expired_link_gets_a_friendly_page(app, office, client):
    with app.app_context():
        survey = survey_office(office)
        open_round(office, survey)
        path = path_of(mailed_link(office.clerk))
    altered = client.get(path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb"))
    assert altered.status_code == 404
    assert "This link is not valid" in altered.get_data(as_text=True)
    assert client.get("/survey/not-a-token").status_code == 404
    with app.app_context():
        for invitation in db.session.scalars(select(SurveyInvitation)):
            invitation.expires_dt = utcnow() - timedelta(minutes=1)
        db.session.commit()
    expired = client.get(path)
    assert expired.status_code == 410
    assert "This survey link has expired" in expired.get_data(as_text=True)


def test_bad_answers_are_refused_at_their_field_and_the_input_is_kept(app, office, client):
    with app.app_context():
        survey = survey_office(office)
        open_round(office, survey)
        path = path_of(mailed_link(office.clerk))
    sid = survey.service_id
    data = answers(sid, 4, change="Send the export earlier", expectation="x" * 2001)
    data[f"s{sid}_speed"] = "9"
    del data[f"s{sid}_overall"]
    response = post_answers(client, path, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please answer this question" in field_error(html, f"s{sid}_overall")
    assert "Choose a value from 1 to 5" in field_error(html, f"s{sid}_speed")
    assert "At most 2000 characters" in field_error(html, f"s{sid}_expectation")
    assert textarea_text(html, f"s{sid}_change") == "Send the export earlier"
    kept = re.findall(rf'<input[^>]*name="s{sid}_reliability"[^>]*>', html)
    assert [tag for tag in kept if "checked" in tag and 'value="4"' in tag]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)) == 0


def test_a_closed_round_refuses_late_answers(app, office, client):
    with app.app_context():
        survey = survey_office(office)
        round_id = open_round(office, survey)
        path = path_of(mailed_link(office.clerk))
        page = client.get(path).get_data(as_text=True)
        assert close_round(round_id, utcnow())
        assert not close_round(round_id, utcnow())  # a second scheduler: nothing twice

    late = client.post(
        path, data={"csrf_token": csrf_token_from_html(page), **answers(survey.service_id)}
    )
    assert late.status_code == 410
    assert "This survey round is closed" in late.get_data(as_text=True)


def test_closing_keeps_the_aggregates_and_deletes_the_answered_marks(app, office):
    with app.app_context():
        survey = survey_office(office)
        round_id = open_round(office, survey)
    answer_round(app, app.test_client, office, survey, customer_score=2, provider_score=5)
    with app.app_context():
        survey_round = db.session.get(SurveyRound, round_id)
        survey_round.closes_date = survey_round.closes_date - timedelta(days=30)
        survey_round.opens_date = survey_round.closes_date
        db.session.commit()
        assert run_survey_rounds(utcnow())["closed"] == 1
        assert round_status(round_id) == "closed"
        assert db.session.scalar(select(func.count()).select_from(SurveyInvitation)) == 0
        overall = {
            r.is_provider: (r.answers, str(r.mean))
            for r in db.session.scalars(
                select(SurveyResult).where(SurveyResult.question == "overall")
            )
        }
    assert overall == {False: (4, "2.00"), True: (3, "5.00")}


def test_the_profile_shows_scores_only_from_the_threshold_on(app, office, client):
    with app.app_context():
        survey = survey_office(office)
        round_id = open_round(office, survey)
    answer_round(app, app.test_client, office, survey, 2, 5, customers=2)
    with app.app_context():
        close_round(round_id, utcnow())
    login(client, office.clerk)
    html = client.get(f"/profiles/{office.time_registration_id}").get_data(as_text=True)
    assert "Too few answers to show" in html
    assert "dumbbell" not in html and "2.0" not in html

    app.config["SURVEY_MIN_ANSWERS"] = 2
    try:
        html = client.get(f"/profiles/{office.time_registration_id}").get_data(as_text=True)
    finally:
        app.config["SURVEY_MIN_ANSWERS"] = 3
    assert "Too few answers to show" not in html
    assert "dumbbell" in html and "+3.0" in html  # self 5 − customers 2


def test_the_scheduler_plans_one_round_before_each_review_however_often_it_runs(app, office):

    with app.app_context():
        survey = survey_office(office)
        now = utcnow()
        ensure_reviews(now)
        run_survey_rounds(now)
        run_survey_rounds(now)
        rounds = db.session.scalars(
            select(SurveyRound).where(SurveyRound.quarter.is_not(None))
        ).all()
        assert len({r.quarter for r in rounds}) == len(rounds) >= 1
        first = min(rounds, key=lambda r: r.closes_date)

        review = db.session.scalar(
            select(QuarterlyReview).where(QuarterlyReview.quarter == first.quarter)
        )
        review_day = org_day(review.starts_at)
        assert first.closes_date == review_day - timedelta(days=7)
        assert first.opens_date == max(org_day(now), review_day - timedelta(days=28))
        assert [s.id for s in first.services] == [survey.service_id]
        expected = RoundStatus.OPEN if first.opens_date <= org_day(now) else RoundStatus.PLANNED
        assert first.status == expected
        assert db.session.get(Function, office.time_registration_id) is not None


def test_only_a_coordinator_or_the_services_lead_manages_a_round(app, office, client):

    with app.app_context():
        survey = survey_office(office)
        round_id = open_round(office, survey)
    login(client, office.clerk)
    assert client.get("/surveys/").status_code == 403
    assert client.get(f"/surveys/{round_id}").status_code == 403
    logout(client)
    login(client, office.coordinator)
    page = client.get(f"/surveys/{round_id}").get_data(as_text=True)
    assert "Clara Clerk" in page and "Who has answered is never shown" in page
    unknown = submit(client, f"/surveys/{round_id}/people", {"email": "nobody@example.com"},
                     form_url=f"/surveys/{round_id}")  # fmt: skip
    assert unknown.status_code == 400
    assert "No active user has this e-mail address" in unknown.get_data(as_text=True)


def test_a_planned_round_is_changed_and_a_stale_change_refused(app, office, client):
    with app.app_context():
        survey = survey_office(office)
        coordinator = db.session.scalar(select(User).where(User.email == office.coordinator))
        later = org_day(utcnow()) + timedelta(days=10)
        round_id = plan_round(RoundData("Later", later, later, [survey.service_id]), coordinator).id
    login(client, office.coordinator)
    url = f"/surveys/{round_id}/edit"
    data = {"version": "1", "title": "Later, renamed", "opens_date": later.isoformat(),
            "closes_date": (later + timedelta(days=5)).isoformat(),
            "service_ids": str(survey.service_id)}  # fmt: skip
    assert submit(client, url, data).status_code == 302
    stale = submit(client, url, {**data, "title": "Mine"})
    assert stale.status_code == 409
    backwards = submit(client, url, {**data, "version": "2", "closes_date": "2000-01-01"})
    assert backwards.status_code == 400
    assert "closes on or after the day it opens" in backwards.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(SurveyRound, round_id).title == "Later, renamed"
