"""The survey's pages beyond the form: the profile (page, PDF, XLSX), the agenda section,
My work, the coordinator's follow-ups, a lead's own questions and the one reminder."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.meetings.commands import publish_agenda
from backoffice.meetings.models import ActionItem
from backoffice.models import utcnow
from backoffice.org.models import Function
from backoffice.surveys.closing import close_round
from backoffice.surveys.jobs import run_survey_rounds
from backoffice.surveys.models import SurveyRound, SurveyText, TextKind
from tests.helpers import csrf_token_from_html, login, logout, submit
from tests.meetings_steps import NOW, pdf_text, planned_review, user
from tests.survey_steps import (
    answer_round,
    answers,
    mailed_link,
    open_round,
    path_of,
    post_answers,
    survey_office,
)

# Whatever the number of services, rounds and answers (the bench, 50 services and 10,000
# answers, makes 18: one more reads the labels of the leads' own questions), with one for
# the effectiveness rate that the achievement slot adds.
PROFILE_STATEMENTS = 17


def _closed_round(app, office, survey, customer: int, own: int, title: str, closed_dt) -> int:  # noqa: ANN001
    with app.app_context():
        round_id = open_round(office, survey, title)
    answer_round(app, app.test_client, office, survey, customer, own)
    with app.app_context():
        assert close_round(round_id, closed_dt)
    return round_id


def test_the_agenda_pdf_says_what_internal_customers_say(app, office, client):
    with app.app_context():
        survey = survey_office(office)
    _closed_round(app, office, survey, 4, 4, "Spring survey", NOW - timedelta(days=120))
    with app.app_context():
        round_id = open_round(office, survey, "Autumn survey")
        path = path_of(mailed_link(office.clerk))
    text = {"expectation": "Hours approved by the 3rd working day"}
    post_answers(app.test_client(), path, answers(survey.service_id, 2, **text))
    answer_round(app, app.test_client, office,
                 survey.__class__(survey.service_id, survey.customers[1:], survey.providers), 2, 5)  # fmt: skip
    with app.app_context():
        close_round(round_id, NOW - timedelta(days=2))
        publish_agenda(planned_review(), user(office.coordinator), NOW)
    login(client, office.coordinator)
    pdf = pdf_text(client.get("/reviews/2026-Q4/agenda.pdf").data)
    assert "What our internal customers say" in pdf, pdf
    section = pdf[pdf.index("What our internal customers say") :]
    assert "2.0 4.0 5.0 +3.0 ±0.0 4" in section  # customers, last round, self, gap, last gap
    assert "Hours approved by the 3rd working day" in pdf
    assert "Spring survey" in pdf  # compared with the round before


def test_my_work_lists_an_open_survey_and_a_signed_in_person_answers_there(app, office, client):
    with app.app_context():
        survey = survey_office(office)
        round_id = open_round(office, survey)
    login(client, office.clerk)
    assert "Survey: Winter survey" in client.get("/").get_data(as_text=True)
    response = post_answers(client, f"/surveys/{round_id}/answer", answers(survey.service_id, 3))
    assert "Thank you" in response.get_data(as_text=True)
    assert "Survey: Winter survey" not in client.get("/").get_data(as_text=True)


def test_the_profile_prints_and_exports_in_a_fixed_number_of_statements(
    app, office, client, statement_counter
):
    with app.app_context():
        survey = survey_office(office)
    _closed_round(app, office, survey, 2, 5, "Winter survey", utcnow())
    login(client, office.clerk)
    url = f"/profiles/{office.time_registration_id}"
    with statement_counter() as log:
        html = client.get(url).get_data(as_text=True)
    assert "Hour questions" in html and "+3.0" in html
    assert log.count == PROFILE_STATEMENTS, log
    pdf = client.get(f"{url}/profile.pdf")
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert "What our customers say" in pdf_text(pdf.data)
    sheet = load_workbook(io.BytesIO(client.get(f"{url}/profile.xlsx").data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Hour questions" and rows[1][4] == 2.0 and rows[1][6] == 3.0


def test_a_lead_writes_the_profile_and_a_stale_form_is_refused(app, office, client):
    with app.app_context():
        function = db.session.get(Function, office.time_registration_id)
        function.lead_id = office.owner_id
        db.session.commit()
    login(client, office.owner)
    url = f"/profiles/{office.time_registration_id}/edit"
    data = {"version": "", "purpose": "Correct hours, on time, for invoicing and payroll.",
            "does": "Approve hours\nCorrect bookings", "boundaries-0-task": "Payroll tax",
            "boundaries-0-instead_function_id": str(office.invoicing_id)}  # fmt: skip
    assert submit(client, url, data).status_code == 302
    page = client.get(f"/profiles/{office.time_registration_id}").get_data(as_text=True)
    assert "Correct hours, on time" in page and "done by Invoicing" in page
    assert submit(client, url, {**data, "version": "1", "purpose": "Mine"}).status_code == 302
    stale = submit(client, url, {**data, "version": "1", "purpose": "Other words"})
    assert stale.status_code == 409
    assert "Other words" in stale.get_data(as_text=True)  # the input is kept
    logout(client)
    login(client, office.clerk)
    assert client.get(url).status_code == 403


def test_an_expectation_becomes_an_action_item_of_the_next_review(app, office, client):
    with app.app_context():
        survey = survey_office(office)
        planned_review(utcnow())
        round_id = open_round(office, survey)
    extra = {"expectation": "Hours approved by the 3rd working day, for the invoice run"}
    for email in survey.customers[:3]:
        with app.app_context():
            path = path_of(mailed_link(email))
        post_answers(app.test_client(), path, answers(survey.service_id, 3, **extra))
    with app.app_context():
        close_round(round_id, utcnow())
        text_id = db.session.scalars(
            select(SurveyText.id).where(SurveyText.kind == TextKind.EXPECTATION)
        ).first()
    login(client, office.coordinator)
    page = client.get(f"/surveys/{round_id}").get_data(as_text=True)
    token = csrf_token_from_html(page)
    client.post(f"/surveys/texts/{text_id}", data={"csrf_token": token, "action": "action"})
    with app.app_context():
        action = db.session.scalar(select(ActionItem))
    assert action.title.startswith("Hour questions: Hours approved by the 3rd working day")
    page = client.get(f"/surveys/{round_id}").get_data(as_text=True)
    assert "Action item for the review" in page


def test_a_leads_own_question_is_asked_in_the_respondents_language(app, office, client):
    with app.app_context():
        survey = survey_office(office)
        db.session.scalar(select(User).where(User.email == office.clerk)).locale = "de"
        db.session.commit()
    login(client, office.coordinator)
    url = f"/surveys/services/{survey.service_id}/questions"
    half = submit(client, url, {"questions-0-text_en": "Are the exports complete?"})
    assert half.status_code == 400
    full = {"questions-0-text_en": "Are the exports complete?",
            "questions-0-text_de": "Sind die Exporte vollständig?",
            "questions-0-text_nl": "Zijn de exports volledig?"}  # fmt: skip
    assert submit(client, url, full).status_code == 302
    with app.app_context():
        open_round(office, survey)
        path = path_of(mailed_link(office.clerk))
    html = app.test_client().get(path).get_data(as_text=True)
    assert "Sind die Exporte vollständig?" in html
    assert "Zuverlässigkeit" in html


def test_one_reminder_with_a_new_link_and_the_first_still_works_once(app, office, client):
    with app.app_context():
        survey = survey_office(office)
        round_id = open_round(office, survey)
        first = path_of(mailed_link(office.clerk))
        survey_round = db.session.get(SurveyRound, round_id)
        survey_round.closes_date = survey_round.opens_date + timedelta(days=1)
        db.session.commit()
        assert run_survey_rounds(utcnow())["reminded"] == 8
        assert run_survey_rounds(utcnow())["reminded"] == 0
        second = path_of(mailed_link(office.clerk, "remind"))
    assert client.get(second).status_code == 200
    # the form opened from the first mail before the reminder still saves, once
    done = post_answers(app.test_client(), first, answers(survey.service_id, 4))
    assert done.status_code == 200 and "Thank you" in done.get_data(as_text=True)
    for link in (first, second):  # both used up by that one answer
        assert "You have answered this survey already." in client.get(link).get_data(as_text=True)
