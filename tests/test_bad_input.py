"""The 500s the fuzz test (tests/test_fuzz.py) and the issue found, one test each: bad
input is refused at its field with a message that says what is accepted, or falls back
to the default; what is stored never breaks a page or a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from backoffice.extensions import db
from backoffice.mail.models import OutboxMessage
from backoffice.meetings.models import QuarterlyReview
from backoffice.meetings.notices import send_review_notices
from backoffice.org.models import Function, Handoff
from backoffice.tickets.models import PickListItem
from tests.factories import make_ticket
from tests.helpers import field_error, login, submit
from tests.meetings_steps import NOW, planned_review, user
from tests.office import Office
from tests.test_fuzz import FormReader
from tests.test_meetings_mail import INVITE_TIME
from tests.ticket_steps import report

HUGE_ID = "99999999999999999999"
DATE_WINDOW = "Enter a date between 2000-01-01 and 2099-12-31."


def _ticket(office: Office, **fields: str) -> None:
    """A ticket on the office's handoff (needs an app context)."""
    make_ticket(
        handoff=db.session.get(Handoff, office.handoff_id),
        category=db.session.get(PickListItem, office.category_id),
        **fields,
    )


def _refused_at(response, field: str) -> str | None:  # noqa: ANN001
    assert response.status_code == 400, response.status_code
    return field_error(response.get_data(as_text=True), field)


@pytest.mark.parametrize("name", ["snapshot"])
def test_a_huge_snapshot_number_shows_the_current_agenda(app, client, office, name) -> None:
    with app.app_context():
        planned_review()
    login(client, office.clerk)
    for url in (f"/reviews/2026-Q4?{name}={HUGE_ID}", f"/reviews/2026-Q4/print?{name}={HUGE_ID}"):
        assert client.get(url).status_code == 200


def test_a_huge_function_id_shows_the_whole_office(client, office) -> None:
    login(client, office.coordinator)
    response = client.get(f"/agreements/achievement?function={HUGE_ID}")
    assert response.status_code == 200
    assert (
        client.get(f"/agreements/achievement?function={HUGE_ID}&export=months").status_code == 200
    )


@pytest.mark.parametrize("amount", ["sNaN", "NaN", "-Infinity"])
def test_an_impact_that_is_not_a_number_is_refused_at_the_field(client, office, amount) -> None:
    login(client, office.clerk)
    message = _refused_at(report(client, office, impact_amount=amount), "impact_amount")
    assert message == "Write the amount like 1,234.56."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("records_affected", "1" * 3000, "This number is too large."),
        ("impact_amount", "1" * 3000, "The amount can be at most 9,999,999,999.99."),
        ("records_affected", "１２", "Enter a number with the digits 0 to 9."),
    ],
)
def test_numbers_too_long_or_not_in_ascii_are_refused(client, office, field, value, message):
    login(client, office.clerk)
    assert _refused_at(report(client, office, **{field: value}), field) == message


@pytest.mark.parametrize("period", ["2026-03\n", "２０２６-０３"])
def test_a_billing_period_must_be_plain_yyyy_mm(client, office, period) -> None:
    login(client, office.clerk)
    assert _refused_at(report(client, office, billing_period=period), "billing_period") == (
        "Use the form YYYY-MM, e.g. 2026-03."
    )


def test_the_list_ignores_a_billing_period_in_other_digits(app, client, office) -> None:
    with app.app_context():
        _ticket(office, title="March hours", billing_period="2026-03")
    login(client, office.clerk)
    assert "March hours" in client.get("/tickets/?period=2026-03").get_data(as_text=True)
    page = client.get("/tickets/?period=２０２６-０３").get_data(as_text=True)
    assert "March hours" in page  # the odd filter is ignored: the whole list


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_review_cannot_move_out_of_the_date_window(app, client, office, day) -> None:
    with app.app_context():
        planned_review()
        coordinator_id = user(office.coordinator).id
    login(client, office.coordinator)
    response = submit(
        client,
        "/reviews/2026-Q4/edit",
        {"day": day, "start_time": "23:30", "duration_minutes": "90", "location": "",
         "video_url": "", "attendee_ids": [str(coordinator_id)]},
    )  # fmt: skip
    assert _refused_at(response, "day") == DATE_WINDOW
    assert client.get("/reviews/").status_code == 200
    assert client.get("/reviews/2026-Q4/invite.ics").status_code == 200


def test_a_ticket_due_date_out_of_the_window_is_refused(client, office, reported_ticket) -> None:
    login(client, office.coordinator)
    url = f"/tickets/{reported_ticket}/edit"
    reader = FormReader(url)
    reader.feed(client.get(url).get_data(as_text=True))
    [form] = [f for f in reader.forms if "due_date" in f.fields]
    response = client.post(url, data={**form.fields, "due_date": "9999-12-31"})
    assert _refused_at(response, "due_date") == DATE_WINDOW


def test_a_closing_day_out_of_the_window_is_refused(client, office) -> None:
    login(client, office.coordinator)
    response = submit(
        client,
        f"/agreements/calendars/{office.time_registration_id}",
        {"weekdays": ["0", "1", "2", "3", "4"], "day_start": "08:00", "day_end": "17:00",
         "timezone": "Europe/Berlin", "closing_days": "2026-12-24 Christmas Eve\n0001-01-01"},
    )  # fmt: skip
    assert _refused_at(response, "closing_days") == f"Line 2: {DATE_WINDOW}"


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_a_formula_after_a_separator_inside_a_cell_is_neutralised(app, client, office):
    with app.app_context():
        _ticket(office, title="x;=1+1;", external_reference="=HYPERLINK(1),-2")
        db.session.get(Function, office.time_registration_id).name = "Hours; =1+1"
        db.session.commit()
    login(client, office.coordinator)
    [header, row] = _csv_rows(client.get("/tickets/export.csv").get_data(as_text=True))
    assert row[header.index("Title")] == "x;'=1+1;"
    assert row[header.index("Reference")] == "'=HYPERLINK(1),'-2"
    handoffs = _csv_rows(client.get("/agreements/handoff-map?export=csv").get_data(as_text=True))
    assert handoffs[1][0] == "Hours;' =1+1"


def test_the_first_mail_about_a_review_edited_before_invitations_is_an_invitation(
    app, client, office
) -> None:
    with app.app_context():
        planned_review()
        coordinator_id = user(office.coordinator).id
    login(client, office.coordinator)
    edit = {"day": "2027-01-14", "start_time": "10:00", "duration_minutes": "90",
            "location": "Room 4", "video_url": "", "attendee_ids": [str(coordinator_id)]}  # fmt: skip
    assert submit(client, "/reviews/2026-Q4/edit", edit).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(QuarterlyReview.sequence)) > 0
        send_review_notices(INVITE_TIME)
        subjects = set(db.session.scalars(select(OutboxMessage.subject)))
    assert subjects == {"Invitation: quarterly review 2026-Q4"}
    assert NOW < INVITE_TIME
