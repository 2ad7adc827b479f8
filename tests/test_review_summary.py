"""The review page leads with a one-page summary; jump links, attendees as checkboxes, the .ics."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import cssselect2
import icalendar
import tinyhtml5
from pypdf import PdfReader
from sqlalchemy import select

from backoffice.extensions import db
from backoffice.meetings.agenda import build_agenda
from backoffice.meetings.agenda_json import agenda_from_json, agenda_to_json
from backoffice.meetings.attendees import attendee_users
from backoffice.meetings.commands import publish_agenda
from backoffice.meetings.models import AgendaSnapshot, QuarterlyReview
from backoffice.tickets.models import Severity
from tests.helpers import login, submit
from tests.meetings_steps import NOW, pdf_text, planned_review, resolve_at, ticket_at, user


class Html:
    """A page or a part of it, read with CSS selectors (the parser WeasyPrint uses)."""

    def __init__(self, wrapper: cssselect2.ElementWrapper, source: str = "") -> None:
        self.wrapper, self.source = wrapper, source

    def select(self, css: str) -> list[Html]:
        return [Html(found) for found in self.wrapper.query_all(css)]

    def select_one(self, css: str) -> Html | None:
        found = self.wrapper.query(css)
        return Html(found) if found is not None else None

    def get_text(self, strip: bool = False) -> str:
        text = "".join(self.wrapper.etree_element.itertext())
        return " ".join(text.split()) if strip else text

    @property
    def own_text(self) -> str:
        return (self.wrapper.etree_element.text or "").strip()

    def __getitem__(self, name: str) -> str:
        return self.wrapper.etree_element.get(name)

    def __str__(self) -> str:
        return self.source


def _soup(client, url: str) -> Html:  # noqa: ANN001
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return Html(cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(html)), html)


def _kpis(section: Html) -> dict[str, str]:
    """Each key figure's name and its number (without the change against last quarter)."""
    return {
        kpi.select_one("dt").get_text(strip=True): kpi.select_one("dd").own_text
        for kpi in section.select(".kpi")
    }


def _quarter_tickets(office) -> None:  # noqa: ANN001
    ticket_at(office, NOW - timedelta(days=3), Severity.HIGH, "Hours missing", impact="250")
    ticket_at(office, NOW - timedelta(days=4), handoff_id=office.other_handoff_id)
    fixed = ticket_at(office, NOW - timedelta(days=20), title="Rate was old")
    resolve_at(office, fixed, NOW - timedelta(days=1))
    ticket_at(office, NOW - timedelta(days=100), title="Last quarter")  # 2026-Q3


def test_summary_shows_the_agendas_own_figures_first(app, office, client) -> None:
    with app.app_context():
        _quarter_tickets(office)
        review = planned_review()
        publish_agenda(review, user(office.coordinator), NOW)
        agenda = build_agenda(review, NOW)
    login(client, office.clerk)
    soup = _soup(client, "/reviews/2026-Q4")
    summary, figures = soup.select_one("#agenda-summary"), soup.select_one("#agenda-figures")
    # The summary comes before every section of the agenda.
    assert str(soup).index('id="agenda-summary"') < str(soup).index('id="agenda-open"')
    shown = _kpis(summary)
    assert shown["Reported"] == "3" and shown["Resolved"] == "1"
    assert {k: v for k, v in shown.items() if k in _kpis(figures)} == _kpis(figures)
    # The trend's last quarter counts what the figures count; the quarter before too.
    desc = summary.select_one("#summary-trend desc").get_text()
    assert "2026-Q4: reported 3, resolved 1" in desc and "2026-Q3: reported 1, resolved 0" in desc
    assert [q["reported"] for q in agenda["trend"]][-2:] == [1, 3]
    # Heat map: defects per from → to function pair, as in the per-handoff figures.
    cells = {
        t.get_text(strip=True) for t in summary.select("#summary-heat text") if t.get_text().strip()
    }
    per_pair = {str(line["reported"]) for line in agenda["figures"]["per_handoff"]}
    assert per_pair <= cells
    assert "Defects per handoff" in summary.get_text()


def test_published_summary_keeps_what_was_published(app, office, client) -> None:
    with app.app_context():
        _quarter_tickets(office)
        review = planned_review()
        publish_agenda(review, user(office.coordinator), NOW)
        ticket_at(office, NOW + timedelta(hours=2), title="Reported after publishing")
    login(client, office.clerk)
    published = _kpis(_soup(client, "/reviews/2026-Q4?snapshot=1").select_one("#agenda-summary"))
    assert published["Reported"] == "3"
    with app.app_context():  # an old snapshot, published before the summary existed
        snapshot = db.session.scalar(select(AgendaSnapshot))
        old = agenda_from_json(snapshot.data)
        del old["trend"], old["agreements"]
        snapshot.data = agenda_to_json(old)
        db.session.commit()
    soup = _soup(client, "/reviews/2026-Q4?snapshot=1")
    assert "published without the trend" in soup.select_one("#agenda-summary").get_text()
    assert _kpis(soup.select_one("#agenda-summary"))["Reported"] == "3"
    assert client.get("/reviews/2026-Q4/agenda.pdf?snapshot=1").status_code == 200


def test_pdf_starts_with_the_summary(app, office, client) -> None:
    with app.app_context():
        _quarter_tickets(office)
        planned_review()
    login(client, office.clerk)
    data = client.get("/reviews/2026-Q4/agenda.pdf").data
    first = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Summary" in first and "Reported and resolved, last eight quarters" in first
    assert "Defects per handoff in 2026-Q4" in first
    assert "Service achievement per function against its target" in first
    assert "Open tickets by handoff" not in first  # the sections start on page 2
    assert "Open tickets by handoff" in pdf_text(data)


def test_jump_links_lead_to_sections_on_the_page(app, office, client) -> None:
    with app.app_context():
        _quarter_tickets(office)
        planned_review()
    login(client, office.coordinator)
    soup = _soup(client, "/reviews/2026-Q4")
    links = [a["href"] for a in soup.select(".agenda-toc a, .minutes-jump")]
    assert "#agenda-summary" in links and "#minutes" in links and "#agenda-agreements" in links
    ids = {tag["id"] for tag in soup.select("[id]")}
    assert all(href.startswith("#") and href[1:] in ids for href in links), links
    # The minutes link comes before the agenda, so it is there while the agenda scrolls.
    html = str(soup)
    assert html.index('class="button minutes-jump"') < html.index('id="agenda-open"')


def test_attendees_are_ticked_by_function_and_saved(app, office, client) -> None:
    with app.app_context():
        planned_review()
        owner, clerk = user(office.owner), user(office.clerk)
        ids = (owner.id, clerk.id)
        owner_function = owner.function.name if owner.function else "No function"
    login(client, office.coordinator)
    soup = _soup(client, "/reviews/2026-Q4/edit")
    assert soup.select_one("select[name=attendee_ids]") is None
    boxes = soup.select("input[type=checkbox][name=attendee_ids]")
    assert len(boxes) >= 4
    groups = [h.get_text(strip=True) for h in soup.select(".attendee-group h3")]
    assert owner_function in groups
    assert "Ctrl" not in soup.get_text()
    day = soup.select_one("input[name=day]")["value"]
    response = submit(
        client,
        "/reviews/2026-Q4/edit",
        {"day": day, "start_time": "10:00", "duration_minutes": "90", "location": "",
         "video_url": "", "attendee_ids": [str(i) for i in ids]},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        review = db.session.scalar(
            select(QuarterlyReview).where(QuarterlyReview.quarter == "2026-Q4")
        )
        assert {u.id for u in attendee_users(review)} == set(ids)
    ticked = _soup(client, "/reviews/2026-Q4/edit").select("input[name=attendee_ids][checked]")
    assert {int(box["value"]) for box in ticked} == set(ids)


def test_ics_has_the_location_and_links_from_the_base_url(app, office, client) -> None:
    app.config.update(APP_BASE_URL="https://backoffice.example.com/", REVIEW_LOCATION="")
    with app.app_context():
        planned_review()  # planned while no place was configured
    app.config["REVIEW_LOCATION"] = "Room 4.12, Main building"
    login(client, office.clerk)
    event = icalendar.Calendar.from_ical(client.get("/reviews/2026-Q4/invite.ics").data).walk(
        "VEVENT"
    )[0]
    assert str(event["LOCATION"]) == "Room 4.12, Main building"
    assert str(event["URL"]) == "https://backoffice.example.com/reviews/2026-Q4"
    assert "https://backoffice.example.com/reviews/2026-Q4" in str(event["DESCRIPTION"])
    assert "127.0.0.1" not in client.get("/reviews/2026-Q4/invite.ics").get_data(as_text=True)
    assert re.search(
        r"LOCATION:Room 4\.12", client.get("/reviews/2026-Q4/invite.ics").get_data(as_text=True)
    )
