"""The ticket list: filters, sorting, pagination, CSV export, and "My work"."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.org.models import Handoff
from backoffice.tickets.deadline import is_overdue
from backoffice.tickets.models import Severity, Ticket
from backoffice.tickets.workflow import assign_root_cause_owner
from tests.factories import make_category, make_ticket
from tests.helpers import login, logout
from tests.office import Office


def _numbers(html: str) -> set[str]:
    import re

    return set(re.findall(r'class="ticket-number">(HD-\d{4}-\d{5})<', html))


@pytest.fixture
def tickets(app: Flask, office: Office) -> dict[str, str]:
    """Six tickets with distinct attributes; returns name → number."""
    with app.app_context():
        clerk = db.session.scalar(select(User).where(User.email == office.clerk))
        coordinator = db.session.scalar(select(User).where(User.email == office.coordinator))
        owner = db.session.get(User, office.owner_id)
        handoff = db.session.get(Handoff, office.handoff_id)
        payroll = db.session.get(Handoff, office.other_handoff_id)
        wrong_rate = make_category("wrong_project_or_rate", "Wrong project or rate")
        made = {
            "plain": make_ticket(clerk, handoff, title="Plain defect"),
            "critical": make_ticket(clerk, handoff, title="Invoice blocked", severity=Severity.CRITICAL),
            "payroll": make_ticket(clerk, payroll, title="Payroll hours", category=wrong_rate),
            "reference": make_ticket(clerk, handoff, title="Ref", external_reference="CUST-10023"),
            "period": make_ticket(clerk, handoff, title="Period", billing_period="2025-12",
                                  impact_amount=Decimal("99.90")),
            "formula": make_ticket(clerk, handoff, title="=HYPERLINK(\"x\")",
                                   description="Searchable zebra text"),
        }  # fmt: skip
        assign_root_cause_owner(
            made["critical"], coordinator, owner, date.today() - timedelta(days=3)
        )
        assign_root_cause_owner(
            made["payroll"], coordinator, owner, date.today() + timedelta(days=9)
        )
        return {name: t.number for name, t in made.items()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=assigned", {"critical", "payroll"}),
        (
            "status=new&status=assigned",
            {"plain", "critical", "payroll", "reference", "period", "formula"},
        ),
        ("severity=critical", {"critical"}),
        ("overdue=1", {"critical"}),
        ("q=cust-10023", {"reference"}),
        ("q=zebra", {"formula"}),
        ("q=Payroll+hours", {"payroll"}),
        ("period=2025-12", {"period"}),
    ],
)
def test_filters(client: FlaskClient, office: Office, tickets, query, expected):
    login(client, office.clerk)
    html = client.get(f"/tickets/?{query}").get_data(as_text=True)
    assert _numbers(html) == {tickets[name] for name in expected}


def test_filters_by_ids(app, client, office, tickets):
    login(client, office.clerk)
    by_handoff = client.get(f"/tickets/?handoff={office.other_handoff_id}").get_data(as_text=True)
    assert _numbers(by_handoff) == {tickets["payroll"]}
    by_to = client.get(f"/tickets/?to_function={office.invoicing_id}").get_data(as_text=True)
    assert tickets["payroll"] not in _numbers(by_to) and len(_numbers(by_to)) == 5
    by_from = client.get(f"/tickets/?from_function={office.time_registration_id}")
    assert len(_numbers(by_from.get_data(as_text=True))) == 6
    by_owner = client.get(f"/tickets/?owner={office.owner_id}").get_data(as_text=True)
    assert _numbers(by_owner) == {tickets["critical"], tickets["payroll"]}
    with app.app_context():
        category_id = make_category("wrong_project_or_rate").id
    by_category = client.get(f"/tickets/?category={category_id}").get_data(as_text=True)
    assert _numbers(by_category) == {tickets["payroll"]}


def test_text_search_treats_wildcards_literally(client, office, tickets):
    login(client, office.clerk)
    assert _numbers(client.get("/tickets/?q=%25").get_data(as_text=True)) == set()
    assert _numbers(client.get("/tickets/?q=_").get_data(as_text=True)) == set()


def test_sorting_by_severity_and_unknown_keys(client, office, tickets):
    login(client, office.clerk)
    html = client.get("/tickets/?sort=-severity").get_data(as_text=True)
    assert html.index(tickets["critical"]) < html.index(tickets["plain"])
    html = client.get("/tickets/?sort=severity").get_data(as_text=True)
    assert html.index(tickets["critical"]) > html.index(tickets["plain"])
    assert 'aria-sort="ascending"' in html
    assert client.get("/tickets/?sort=;drop table").status_code == 200


def test_pagination_with_total(app, client, office, tickets):
    login(client, office.clerk)
    first = client.get("/tickets/?per_page=25").get_data(as_text=True)
    assert len(_numbers(first)) == 6 and ">6</span>" in first
    with app.app_context():
        clerk = db.session.scalar(select(User).where(User.email == office.clerk))
        handoff = db.session.get(Handoff, office.handoff_id)
        for n in range(24):
            make_ticket(clerk, handoff, title=f"Bulk {n}")
    page1 = client.get("/tickets/?per_page=25").get_data(as_text=True)
    page2 = client.get("/tickets/?per_page=25&page=2").get_data(as_text=True)
    assert len(_numbers(page1)) == 25 and len(_numbers(page2)) == 5
    assert not _numbers(page1) & _numbers(page2)
    assert "Page 2 of 2" in page2
    beyond = client.get("/tickets/?per_page=25&page=99").get_data(as_text=True)
    assert _numbers(beyond) == _numbers(page2)
    for odd in ("page=-1", "page=abc", "per_page=7", "page=99999999999999"):
        assert client.get(f"/tickets/?{odd}").status_code == 200


def test_csv_export_is_exactly_the_filtered_list(client, office, tickets):
    login(client, office.clerk)
    response = client.get("/tickets/export.csv?status=new&sort=number")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["Number", "Title", "Status"]
    numbers = [row[0] for row in rows[1:]]
    expected = {tickets[n] for n in ("plain", "reference", "period", "formula")}
    assert set(numbers) == expected and numbers == sorted(numbers)
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[tickets["formula"]][1].startswith("'=")  # no formula injection
    assert by_number[tickets["period"]][12] == "99.90"


def test_list_statement_count_does_not_grow(app, client, office, tickets, statement_counter):
    login(client, office.coordinator)
    with statement_counter() as small:
        client.get("/tickets/?per_page=25")
    with app.app_context():
        clerk = db.session.scalar(select(User).where(User.email == office.clerk))
        handoff = db.session.get(Handoff, office.handoff_id)
        for n in range(60):
            make_ticket(clerk, handoff, title=f"Bulk {n}")
    with statement_counter() as large:
        client.get("/tickets/?per_page=100&q=Bulk&open=1")
    assert small.count == large.count, (small, large)
    assert large.count <= 12, large


def test_my_work_sections_per_role(app, client, office, tickets, statement_counter):
    login(client, office.coordinator)
    with statement_counter() as log:
        html = client.get("/").get_data(as_text=True)
    assert log.count <= 12, log
    assert "To triage" in html and tickets["plain"] in html
    logout(client)
    login(client, office.owner)
    html = client.get("/").get_data(as_text=True)
    assert "To triage" not in html
    assert "Assigned to me" in html and tickets["payroll"] in html
    assert "Overdue" in html and tickets["critical"] in html
    with app.app_context():
        overdue = db.session.scalar(select(Ticket).where(Ticket.number == tickets["critical"]))
        assert is_overdue(overdue)
