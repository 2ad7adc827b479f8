"""Features add their parts to pages they do not own: the ticket page, My work, the
achievement page and the quarterly agenda (live, stored as a published version, and PDF).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from jinja2 import ChoiceLoader, DictLoader

from backoffice.extension_points import (
    achievement_panels,
    agenda_sections,
    my_work_panels,
    ticket_panels,
)
from backoffice.meetings.commands import publish_agenda
from tests.helpers import login, logout
from tests.meetings_steps import NOW, pdf_text, planned_review, ticket_at, user

TEMPLATES = {
    "probe/ticket.html": "<p class='probe'>ticket {{ panel.data.number }} for {{ panel.data.who }}</p>",
    "probe/work.html": "<p class='probe'>work of {{ panel.data.who }}</p>",
    "probe/achievement.html": "<p class='probe'>achievement {{ panel.data.quarter }}</p>",
    "probe/agenda.html": "<h2>{{ section_no }} probe section {{ section.quarter }} "
    "since {{ section.since_dt|day }}</h2>",
}


@pytest.fixture
def probes(app: Flask) -> Iterator[list[str]]:
    """A part in every slot; the coordinator sees the My work panel, nobody else does."""
    calls: list[str] = []
    loader = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([DictLoader(TEMPLATES), loader])

    def on_work(user):  # noqa: ANN001, ANN202
        calls.append("work")
        return {"who": user.email} if user.is_coordinator else None

    def on_agenda(period):  # noqa: ANN001, ANN202
        return {"quarter": period.quarter.key, "since_dt": period.since_dt}

    ticket_panels.add(app, "probe", "probe/ticket.html",
                      lambda t, u: {"number": t.number, "who": u.email})  # fmt: skip
    my_work_panels.add(app, "probe", "probe/work.html", on_work)
    achievement_panels.add(app, "probe", "probe/achievement.html",
                           lambda q, f: {"quarter": q.key})  # fmt: skip
    agenda_sections.add(app, "probe", "probe/agenda.html", on_agenda)
    yield calls
    for slots in (ticket_panels, my_work_panels, achievement_panels, agenda_sections):
        slots.remove(app, "probe")
    app.jinja_env.loader = loader


def test_the_ticket_page_shows_a_registered_panel(app, office, client, reported_ticket, probes):
    login(client, office.coordinator)
    html = client.get(f"/tickets/{reported_ticket}").get_data(as_text=True)
    assert f"ticket {reported_ticket} for {office.coordinator}" in html


def test_my_work_shows_a_panel_only_to_whom_its_feature_shows_it(app, office, client, probes):
    login(client, office.coordinator)
    assert f"work of {office.coordinator}" in client.get("/").get_data(as_text=True)
    logout(client)
    login(client, office.clerk)
    assert "class='probe'" not in client.get("/").get_data(as_text=True)
    assert probes == ["work", "work"]


def test_the_achievement_page_shows_a_registered_panel(app, office, client, probes):
    login(client, office.coordinator)
    html = client.get("/agreements/achievement?quarter=2026-Q3").get_data(as_text=True)
    assert "achievement 2026-Q3" in html


def test_an_agenda_section_is_stored_with_the_version_and_printed(app, office, client, probes):
    with app.app_context():
        ticket_at(office, NOW - timedelta(days=3), title="Hours missing")
        review = planned_review()
        publish_agenda(review, user(office.coordinator), NOW)
    login(client, office.coordinator)
    live = client.get("/reviews/2026-Q4").get_data(as_text=True)
    assert "probe section 2026-Q4" in live
    stored = client.get("/reviews/2026-Q4/print?snapshot=1").get_data(as_text=True)
    assert "8 probe section 2026-Q4" in stored  # numbered after the seven own sections
    assert "probe section 2026-Q4" in pdf_text(client.get("/reviews/2026-Q4/agenda.pdf").data)


def test_a_version_published_before_a_section_existed_prints_without_it(app, office, client):
    with app.app_context():
        publish_agenda(planned_review(), user(office.coordinator), NOW)
    login(client, office.coordinator)
    page = client.get("/reviews/2026-Q4/print?snapshot=1")
    assert page.status_code == 200
    assert "probe section" not in page.get_data(as_text=True)
