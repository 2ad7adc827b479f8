"""A survey round in a real browser, in English, German and Dutch: the coordinator plans it,
a customer answers through the link mailed to a loopback SMTP server, the coordinator
closes it, and the result shows on the service profile and in the agenda PDF."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.i18n import org_today
from backoffice.mail.outbox import deliver_outbox
from backoffice.meetings.schedule import ensure_reviews
from backoffice.models import utcnow
from backoffice.surveys.jobs import run_survey_rounds
from backoffice.surveys.models import CORE_QUESTIONS, SurveyRound
from tests.browser_steps import BrowserProblems, Catalogue, horizontal_overflow, unlabelled_controls
from tests.helpers import browser_login, screenshot
from tests.meetings_steps import pdf_text
from tests.survey_steps import LINK, answers, mailed_link, path_of, post_answers, survey_office

WIDTHS = (1366, 390)


def _shoot(page: Page, name: str) -> None:
    """Screenshots at both widths; nothing may stick out of the phone's screen."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}-{width}")
        assert horizontal_overflow(page) == [], name
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.mark.parametrize("lang", ["en", "de", "nl"])
def test_a_round_is_planned_answered_by_link_closed_and_shown(app, office, page: Page, live_server,
                                                             smtp_server, lang) -> None:  # fmt: skip
    t = Catalogue(lang)
    app.config["APP_BASE_URL"] = live_server
    with app.app_context():
        survey = survey_office(office)
        for person in db.session.scalars(select(User)):
            person.locale = lang
        db.session.commit()
        [quarter] = ensure_reviews(utcnow())["created"][-1:]
        today = org_today()
    problems = BrowserProblems.watch(page)
    browser_login(page, office.coordinator)

    page.goto("/surveys/new")
    page.get_by_label(t("Title")).fill("Winter survey")
    page.get_by_label(t("Opens on")).fill(today.isoformat())
    page.get_by_label(t("Closes on (last day)")).fill((today + timedelta(days=14)).isoformat())
    page.get_by_label("Hour questions").check()
    page.get_by_role("button", name=t("Plan the round")).click()
    expect(page.get_by_text(t("The round is planned."))).to_be_visible()
    round_id = int(page.url.rstrip("/").rsplit("/", 1)[1].split("#")[0])

    with app.app_context():
        run_survey_rounds(utcnow())  # opens the round and queues the personal links
        deliver_outbox()
    mails = [m for m in smtp_server.inbox.messages if office.clerk in m["To"]]
    assert mails and t("Your view, please: survey %(title)s").split("%")[0] in mails[0]["Subject"]
    link = LINK.search(mails[0].get_content()).group(0)
    assert link.startswith(live_server)

    respondent = page.context.browser.new_context(locale="en-GB")
    form = respondent.new_page()
    form.goto(link)
    expect(form.get_by_role("heading", name="Hour questions")).to_be_visible()
    sid = survey.service_id
    for key in CORE_QUESTIONS:
        form.locator(f'input[name="s{sid}_{key}"][value="2"]').check()
    form.locator(f'[name="s{sid}_expectation"]').fill("Hours approved by the 3rd working day")
    assert unlabelled_controls(form) == []
    _shoot(form, f"survey-form-{lang}")
    form.get_by_role("button", name=t("Send my answers")).click()
    expect(form.get_by_role("heading", name=t("Thank you"))).to_be_visible()
    form.goto(link)
    expect(form.get_by_text(t("You have answered this survey already. Thank you!"))).to_be_visible()
    respondent.close()

    with app.app_context():  # three more customers and the providers, through their links
        others = [(e, 2) for e in survey.customers[1:]] + [(e, 5) for e in survey.providers]
        paths = [(path_of(mailed_link(e)), s) for e, s in others]
    for path, score in paths:
        assert post_answers(app.test_client(), path, answers(sid, score)).status_code == 200

    page.goto(f"/surveys/{round_id}")
    page.get_by_role("button", name=t("Close the round now")).click()
    expect(page.get_by_text(t("The round is closed; its results are below."))).to_be_visible()
    expect(page.locator("svg.dumbbell")).to_be_visible()
    _shoot(page, f"survey-round-results-{lang}")

    page.get_by_role("link", name=t("Service profiles")).click()
    page.get_by_role("link", name="Time registration").click()
    expect(page.locator("svg.dumbbell")).to_be_visible()
    expect(page.get_by_text("Hours approved by the 3rd working day")).to_be_visible()
    expect(
        page.locator(".survey-scores").get_by_text("+3.0" if lang == "en" else "+3,0").first
    ).to_be_visible()
    _shoot(page, f"survey-profile-{lang}")
    page.emulate_media(media="print")
    screenshot(page, f"survey-profile-print-{lang}")
    page.emulate_media(media="screen")

    pdf = page.request.get(f"/reviews/{quarter}/agenda.pdf")
    text = " ".join(pdf_text(pdf.body()).split())
    assert t("What our internal customers say") in text
    assert "Hours approved by the 3rd working day" in text
    with app.app_context():
        assert db.session.get(SurveyRound, round_id).status.value == "closed"
    assert problems.errors == []
