"""My work at a glance: each ticket once in its most urgent section with the other
reasons as tags, pinned saved views, and the coordinators' ageing chart.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from sqlalchemy import select, update

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.i18n import org_today
from backoffice.org.models import Handoff
from backoffice.tickets.ageing import open_ticket_ageing
from backoffice.tickets.models import Severity, Status, Ticket
from backoffice.tickets.saved_views import SavedView
from backoffice.tickets.workflow import assign_root_cause_owner
from tests.factories import make_handoff, make_ticket
from tests.helpers import login, logout, submit
from tests.office import Office


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _sections(html: str) -> dict[str, list[str]]:
    """Section key → the ticket numbers it lists, in order."""
    parts = re.split(r'<section class="panel work-section work-section--', html)[1:]
    return {
        part.split('"', 1)[0]: re.findall(r'class="ticket-number">(HD-\d{4}-\d{5})<', part)
        for part in parts
    }


def _tags(html: str, number: str) -> list[str]:
    row = html.split(f'class="ticket-number">{number}<', 1)[1].split("</tr>", 1)[0]
    return re.findall(r'<span class="tag">([^<]+)</span>', row)


def test_each_ticket_shows_once_in_its_most_urgent_section_with_the_other_reasons(
    app: Flask, client, office: Office
):
    with app.app_context():
        owner, coordinator = _user(office.owner), _user(office.coordinator)
        handoff = db.session.get(Handoff, office.handoff_id)
        late = [make_ticket(owner, handoff, title=f"Late {n}") for n in range(3)]
        for ticket in late:  # assigned to the owner, who also reported them
            assign_root_cause_owner(ticket, coordinator, owner, org_today() - timedelta(days=2))
        on_time = make_ticket(coordinator, handoff, title="On time")
        assign_root_cause_owner(on_time, coordinator, owner, org_today() + timedelta(days=5))
        resolved = make_ticket(owner, handoff, status=Status.RESOLVED, title="Fixed")
        numbers = [t.number for t in late]
        on_time_number, resolved_number = on_time.number, resolved.number

    login(client, office.owner)
    html = client.get("/").get_data(as_text=True)
    sections = _sections(html)
    assert sections["overdue"] == numbers
    assert sections["assigned"] == [on_time_number]
    assert sections["confirm"] == [resolved_number]
    assert sections["reported"] == []
    shown = [n for listed in sections.values() for n in listed]
    assert len(shown) == len(set(shown)), sections
    assert _tags(html, numbers[0]) == ["assigned to me", "reported by me"]
    assert _tags(html, on_time_number) == []
    assert re.search(r'id="section-overdue">Overdue or breached <span class="count">3</span>', html)
    assert re.search(r'id="section-assigned">Assigned to me <span class="count">1</span>', html)
    assert "Open tickets by age" not in html  # the ageing chart is for coordinators

    logout(client)
    login(client, office.coordinator)
    html = client.get("/").get_data(as_text=True)
    sections = _sections(html)
    assert sections["overdue"] == numbers
    assert on_time_number not in sections["triage"]
    assert _tags(html, numbers[0]) == []  # neither assigned to nor reported by the coordinator
    assert on_time_number in sections["reported"]


def test_pinned_views_show_on_my_work_in_a_fixed_number_of_statements(
    app: Flask, client, office: Office, statement_counter
):
    with app.app_context():
        clerk = _user(office.clerk)
        handoff = db.session.get(Handoff, office.handoff_id)
        for n in range(7):
            make_ticket(clerk, handoff, title=f"Critical {n}", severity=Severity.CRITICAL)
        make_ticket(clerk, handoff, title="Low one", severity=Severity.LOW)
    login(client, office.clerk)

    def pin(name: str, query: str) -> None:
        submit(client, "/tickets/views/", {"name": name, "query": query}, form_url="/tickets/")
        with app.app_context():
            view_id = db.session.scalar(select(SavedView.id).where(SavedView.name == name))
        submit(client, f"/tickets/views/{view_id}/pin", {"on": "1"}, form_url="/tickets/views/")

    pin("Critical", "severity=critical&sort=title")
    with statement_counter() as one:
        html = client.get("/").get_data(as_text=True)
    section = html.split('work-section--view"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'>Critical <span class="count">7</span></h2>', section)
    titles = re.findall(r'<td data-label="Title" class="cell-title"><a [^>]*>([^<]+)</a>', section)
    assert titles == [f"Critical {n}" for n in range(5)]  # the first five, in the view's order
    assert 'href="/tickets/?severity=critical&amp;sort=title&amp;view=' in section

    for n in range(3):
        pin(f"Low {n}", f"severity=low&q={n}")
    pin("Nothing", "q=no-such-ticket")
    with statement_counter() as five:
        html = client.get("/").get_data(as_text=True)
    assert "No tickets in this view." in html
    assert one.count == five.count, (one, five)
    assert five.count <= 16, five


def _at(zone: ZoneInfo, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(UTC)


def test_ageing_buckets_count_the_organisations_days(app: Flask, client, office: Office):
    """Ages are counted in the office's days (Europe/Berlin here), not in UTC's."""
    today = date(2026, 12, 15)
    with app.app_context():
        zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])
        clerk = _user(office.clerk)
        busy = db.session.get(Handoff, office.handoff_id)
        quiet = make_handoff(name="Quiet handoff")
        created = {
            # 00:30 in Berlin on the 9th is still the 8th in UTC: 6 office days, not 7.
            "6 days, just after the office's midnight": (busy, _at(zone, today - timedelta(6), 0, 30)),
            "7 days, just before it": (busy, _at(zone, today - timedelta(7), 23, 59)),
            "27 days": (busy, _at(zone, today - timedelta(27), 12)),
            "28 days": (busy, _at(zone, today - timedelta(28), 0, 0)),
            "89 days": (busy, _at(zone, today - timedelta(89), 23, 0)),
            "90 days": (busy, _at(zone, today - timedelta(90), 8)),
            "today": (quiet, _at(zone, today, 9)),
        }  # fmt: skip
        for title, (handoff, moment) in created.items():
            ticket = make_ticket(clerk, handoff, title=title)
            db.session.execute(
                update(Ticket).where(Ticket.id == ticket.id).values(created_dt=moment)
            )
        closed = make_ticket(clerk, busy, status=Status.CLOSED, title="Closed long ago")
        db.session.execute(
            update(Ticket).where(Ticket.id == closed.id).values(created_dt=_at(zone, today, 1))
        )
        db.session.commit()
        assert created["6 days, just after the office's midnight"][1].date() == today - timedelta(7)

        ageing = open_ticket_ageing(today)
        assert [(h.label.split(": ")[-1], h.counts) for h in ageing] == [
            (busy.name, [1, 2, 2, 1]),
            ("Quiet handoff", [1, 0, 0, 0]),
        ]

    login(client, office.coordinator)
    html = client.get("/").get_data(as_text=True)
    assert '<title id="ageing-title">Open tickets by handoff and age</title>' in html
    assert '<th scope="row" data-label="Handoff">' in html
