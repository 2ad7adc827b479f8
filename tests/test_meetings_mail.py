"""Invitations, updates, cancellations, reminders and minutes: queued once, delivered over SMTP."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
from sqlalchemy import func, select

from backoffice.extensions import db
from backoffice.mail.models import OutboxMessage
from backoffice.mail.outbox import deliver_outbox
from backoffice.meetings.agenda import build_agenda
from backoffice.meetings.commands import MinuteData, cancel_review, mark_held, record_minute
from backoffice.meetings.models import ActionItem, QuarterlyReview
from backoffice.meetings.notices import send_review_notices
from backoffice.meetings.schedule import ensure_reviews
from backoffice.tickets.models import Severity
from tests.helpers import login, submit
from tests.meetings_steps import NOW, pdf_text, planned_review, ticket_at, user

INVITE_TIME = NOW + timedelta(days=40)  # 30 Dec 2026: within 21 days of 12 Jan 2027
REMIND_TIME = NOW + timedelta(days=51)  # 10 Jan 2027, 12:00 UTC: within 2 days


def _pdf_text(part) -> str:  # noqa: ANN001
    return pdf_text(part.get_content())


def _outbox_count() -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)))


def test_nothing_is_sent_before_the_invitation_window(app, office) -> None:
    with app.app_context():
        planned_review()
        assert send_review_notices(NOW) == {"invitations": 0, "reminders": 0}
        assert _outbox_count() == 0


def test_invitation_arrives_over_smtp_with_ics_and_agenda_pdf_once(app, office, smtp_server):
    with app.app_context():
        number = ticket_at(office, NOW, Severity.HIGH, "Hours missing", owner=office.owner).number
        planned_review()
        assert send_review_notices(INVITE_TIME) == {"invitations": 2, "reminders": 0}
        assert send_review_notices(INVITE_TIME) == {"invitations": 0, "reminders": 0}
        assert deliver_outbox() == {"sent": 2, "failed": 0}
        assert deliver_outbox() == {"sent": 0, "failed": 0}
    mails = smtp_server.inbox.messages
    assert sorted(m["To"] for m in mails) == sorted([office.owner, office.coordinator])
    mail = mails[0]
    assert mail["Subject"] == "Invitation: quarterly review 2026-Q4"
    parts = {part.get_content_type(): part for part in mail.walk()}
    calendar = icalendar.Calendar.from_ical(parts["text/calendar"].get_content())
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == "review-2026-Q4@localhost" and int(event["SEQUENCE"]) == 0
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].dt.hour == 10  # local time, with its zone
    assert number in _pdf_text(parts["application/pdf"])


def test_a_move_sends_an_update_and_cancelling_sends_method_cancel(
    app, office, client, smtp_server
):
    with app.app_context():
        planned_review()
        send_review_notices(INVITE_TIME)
        deliver_outbox()
    login(client, office.coordinator)
    with app.app_context():
        coordinator_id = user(office.coordinator).id
    response = submit(
        client,
        "/reviews/2026-Q4/edit",
        {"day": "2027-01-14", "start_time": "10:00", "duration_minutes": "90",
         "location": "", "video_url": "https://meet.example.com/q4",
         "attendee_ids": [str(coordinator_id)]},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        deliver_outbox()
        review = db.session.scalar(select(QuarterlyReview))
        cancel_review(review, user(office.coordinator), "Budget freeze", INVITE_TIME)
        deliver_outbox()
        assert send_review_notices(INVITE_TIME) == {"invitations": 0, "reminders": 0}
    subjects = [m["Subject"] for m in smtp_server.inbox.messages]
    assert subjects == ["Invitation: quarterly review 2026-Q4", "Updated: quarterly review 2026-Q4",
                        "Cancelled: quarterly review 2026-Q4"]  # fmt: skip
    update, cancel = smtp_server.inbox.messages[1:]
    parts = {p.get_content_type(): p for p in update.walk()}
    [event] = icalendar.Calendar.from_ical(parts["text/calendar"].get_content()).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 1 and event["DTSTART"].dt.day == 14
    parts = {p.get_content_type(): p for p in cancel.walk()}
    calendar = icalendar.Calendar.from_ical(parts["text/calendar"].get_content())
    assert calendar["METHOD"] == "CANCEL" and int(calendar.walk("VEVENT")[0]["SEQUENCE"]) == 2
    assert parts["text/calendar"].get_param("method") == "CANCEL"


def test_reminder_carries_the_current_agenda_once(app, office, smtp_server) -> None:
    with app.app_context():
        planned_review()
        send_review_notices(INVITE_TIME)
        deliver_outbox()
        ticket_at(office, REMIND_TIME - timedelta(hours=1), title="Reported just before")
        assert send_review_notices(REMIND_TIME)["reminders"] == 1
        assert send_review_notices(REMIND_TIME)["reminders"] == 0
        deliver_outbox()
    reminder = smtp_server.inbox.messages[-1]
    assert reminder["Subject"] == "Reminder: quarterly review 2026-Q4"
    pdf = next(p for p in reminder.walk() if p.get_content_type() == "application/pdf")
    assert "Reported just before" in _pdf_text(pdf)


def test_held_review_mails_minutes_and_actions_follow_the_owner(app, office, client, smtp_server):
    with app.app_context():
        planned_review()
        review = db.session.scalar(select(QuarterlyReview))
        record_minute(
            review,
            user(office.coordinator),
            MinuteData(
                section="repeats",
                note="Export runs too early.",
                decision="Move it.",
                action_title="Move the export to 18:00",
                action_owner_id=user(office.owner).id,
                action_due_date=date(2027, 2, 1),
            ),  # fmt: skip
        )
        mark_held(review, user(office.coordinator), NOW + timedelta(days=53))
        assert _outbox_count() == 1
        deliver_outbox()
        # The next quarter's review carries the open action item.
        ensure_reviews(NOW + timedelta(days=60))
        q1 = db.session.scalar(select(QuarterlyReview).where(QuarterlyReview.quarter == "2027-Q1"))
        [carried] = build_agenda(q1, NOW + timedelta(days=60))["actions"]
        action_id = db.session.scalar(select(ActionItem.id))
    assert carried["title"] == "Move the export to 18:00" and carried["status"] == "open"
    [minutes_mail] = smtp_server.inbox.messages
    pdf = next(p for p in minutes_mail.walk() if p.get_content_type() == "application/pdf")
    text = _pdf_text(pdf)
    assert "Move the export to 18:00" in text and "Export runs too early." in text

    login(client, office.owner)
    assert "Move the export to 18:00" in client.get("/").get_data(as_text=True)
    response = submit(client, f"/reviews/actions/{action_id}/done", {"next": "/"}, form_url="/")
    assert response.status_code == 302
    assert "Move the export to 18:00" not in client.get("/").get_data(as_text=True)


def test_my_work_stays_within_its_statement_budget(app, office, client, statement_counter):
    with app.app_context():
        planned_review()
        review = db.session.scalar(select(QuarterlyReview))
        for i in range(3):
            record_minute(review, user(office.coordinator), MinuteData(
                section="other", action_title=f"Action {i}", action_owner_id=user(office.owner).id))  # fmt: skip
    login(client, office.owner)
    with statement_counter() as log:
        html = client.get("/").get_data(as_text=True)
    assert "Action 2" in html and log.count <= 12, log
