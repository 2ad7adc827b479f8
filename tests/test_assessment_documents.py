"""What leaves the assessment pages: the poster (PDF, CLI), the agenda section, the yearly
reminder, the coordinators' overview, and the toolbox."""

from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import select

from backoffice.assessments.jobs import due_day, remind_assessments
from backoffice.assessments.models import Assessment
from backoffice.extensions import db
from backoffice.mail.models import OutboxMessage
from backoffice.meetings.agenda import build_agenda
from backoffice.meetings.commands import publish_agenda
from tests.assessment_steps import WHEN, make_team, need_for, rated_assessment
from tests.assessment_steps import user as person
from tests.helpers import login, logout, submit, table_rows
from tests.meetings_steps import NOW, pdf_text, planned_review


def words(text: str) -> str:
    """The text with line breaks as spaces: a PDF breaks a heading where it likes."""
    return " ".join(text.split())


def test_the_poster_prints_in_each_language_and_size(app, office, client) -> None:
    login(client, office.clerk)
    german = client.get("/assessments/poster.pdf?lang=de&size=a3")
    assert german.status_code == 200 and german.mimetype == "application/pdf"
    text = words(pdf_text(german.data))
    assert "Unsere Kunden kennen" in text and "Wir halten die vereinbarten" in text
    dutch = words(pdf_text(client.get("/assessments/poster.pdf?lang=nl&size=a4").data))
    assert "Over grenzen heen werken" in dutch
    for lang in ("en", "de", "nl"):  # the whole catalogue fits on one sheet, in every language
        for size in ("a3", "a4"):
            sheet = client.get(f"/assessments/poster.pdf?lang={lang}&size={size}").data
            assert len(PdfReader(io.BytesIO(sheet)).pages) == 1, (lang, size)
    odd = client.get("/assessments/poster?lang=xx&size=b5")  # unknown choices fall back
    assert odd.status_code == 200 and "assessment-poster-a3.css" in odd.get_data(as_text=True)


def test_the_poster_command_writes_a_pdf(app, runner, tmp_path) -> None:
    output = tmp_path / "poster.pdf"
    result = runner.invoke(args=["assessment", "poster", "--lang", "de", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "Kontinuierlich verbessern" in words(pdf_text(output.read_bytes()))


def test_the_agenda_shows_completed_assessments_and_open_needs(app, office, client) -> None:
    with app.app_context():
        team = make_team(office)
        rated_assessment(team, default=1, complete=True, completed_dt=NOW - timedelta(days=400))
        latest = rated_assessment(team, {"who_uses_our_work": 0}, default=2, complete=True,
                                  completed_dt=NOW - timedelta(days=10))  # fmt: skip
        need_for(latest, "who_uses_our_work", team.member, "Interview Payroll")
        review = planned_review()
        agenda = build_agenda(review, NOW)
        part = agenda["sections"]["assessments"]
        assert [a["function"] for a in part["assessments"]] == ["Time registration"]
        customers = part["assessments"][0]["axes"][0]
        assert (customers["mean"], customers["previous"]) == (1.5, 1.0)
        assert [n["title"] for n in part["needs"]] == ["Interview Payroll"]
        publish_agenda(review, person(office.coordinator), NOW)
    login(client, office.coordinator)
    text = words(pdf_text(client.get("/reviews/2026-Q4/agenda.pdf").data))
    assert "Self-assessments and development needs" in text
    assert "Interview Payroll" in text and "Time registration" in text


def test_a_need_done_leaves_the_agenda(app, office) -> None:
    from backoffice.assessments.commands import close_need

    with app.app_context():
        team = make_team(office)
        assessment = rated_assessment(team, {"we_reflect": 1}, complete=True,
                                      completed_dt=NOW - timedelta(days=200))  # fmt: skip
        need = need_for(assessment, "we_reflect", team.member)
        close_need(need, person(team.member))
        assert "assessments" not in build_agenda(planned_review(), NOW)["sections"]


def test_the_yearly_reminder_is_sent_once_per_due_day(app, office) -> None:
    with app.app_context():
        team = make_team(office)
        rated_assessment(team, complete=True, completed_dt=WHEN - timedelta(days=400))
        first = remind_assessments(WHEN)
        again = remind_assessments(WHEN + timedelta(hours=3))
        mails = app.extensions["sqlalchemy"].session.scalars(select(OutboxMessage)).all()
        to_lead = [m for m in mails if team.lead in m.recipients]
        assert len(to_lead) == 1 and "Time registration" in to_lead[0].subject
        assert first["queued"] >= 1 and again["queued"] == 0
        rated_assessment(team)  # a draft is open: the team is on it
        assert remind_assessments(WHEN + timedelta(days=400))["queued"] == 2  # the other teams


def test_due_day_counts_whole_periods() -> None:
    from datetime import date

    year = timedelta(days=365)
    assert due_day(date(2025, 1, 1), date(2025, 12, 31), year) is None
    assert due_day(date(2025, 1, 1), date(2026, 1, 1), year) == date(2026, 1, 1)
    assert due_day(date(2025, 1, 1), date(2027, 3, 1), year) == date(2027, 1, 1)


def test_the_overview_shows_every_team_with_its_trend(
    app, office, client, statement_counter
) -> None:
    with app.app_context():
        team = make_team(office)
        rated_assessment(team, default=1, complete=True, completed_dt=WHEN - timedelta(days=400))
        rated_assessment(team, default=2, complete=True, completed_dt=WHEN)
    login(client, office.clerk)
    assert client.get("/assessments/overview").status_code == 403
    logout(client)
    login(client, office.coordinator)
    html = client.get("/assessments/overview").get_data(as_text=True)
    assessed = [row for row in table_rows(html) if row[-1] != "none yet"]
    assert assessed == [["2.0 ▲before: 1.0"] * 4 + ["Nov 20, 2026"]]  # four fields, all up
    with statement_counter() as few:
        client.get("/assessments/overview")
    with app.app_context():
        for _ in range(3):
            rated_assessment(team, complete=True)
    with statement_counter() as more:
        client.get("/assessments/overview")
    assert few.count == more.count <= 8, more


def test_an_admin_adds_a_method_to_the_toolbox(app, office, client) -> None:
    login(client, office.admin)
    client.get("/assessments/catalogue")  # the default toolbox is there
    form = {"name_en": "Customer day", "name_de": "Kundentag", "name_nl": "Klantendag",
            "description_en": "Invite the customers.", "description_de": "", "description_nl": "",
            "is_active": "y"}  # fmt: skip
    assert submit(client, "/assessments/toolbox/new", form).status_code == 302
    assert "Customer day" in client.get("/assessments/catalogue").get_data(as_text=True)
    assert submit(client, "/assessments/toolbox/new", form | {"name_en": ""}).status_code == 400
    logout(client)
    login(client, office.coordinator)
    assert client.get("/assessments/toolbox/new").status_code == 403


def test_the_assessment_page_and_my_work_read_a_fixed_number_of_statements(
    app, office, client, statement_counter
) -> None:
    with app.app_context():
        team = make_team(office)
        first = rated_assessment(team, {"who_uses_our_work": 0}, complete=True,
                                 completed_dt=WHEN - timedelta(days=400))  # fmt: skip
        need_for(first, "who_uses_our_work", team.member)
        latest = rated_assessment(team, {"who_uses_our_work": 0}, complete=True)
        latest_id = latest.id
    login(client, team.member)
    counts = []
    for _round in range(2):
        with statement_counter() as page:
            client.get(f"/assessments/{latest_id}")
        with statement_counter() as work:
            client.get("/")
        counts.append((page.count, work.count))
        with app.app_context():
            again = db.session.get(Assessment, latest_id)
            for title in ("Interview Payroll", "Shadow a day", "Walk the process"):
                need_for(again, "who_uses_our_work", team.member, title)
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 25, counts
