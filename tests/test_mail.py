"""The outbox: mail queued with the change, delivered over real SMTP, retried, never doubled."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import func, select

from backoffice.extensions import db
from backoffice.mail.models import OutboxMessage, OutboxStatus
from backoffice.mail.outbox import MailAttachment, backoff, deliver_outbox, queue_mail
from backoffice.models import utcnow
from tests.smtp_server import SmtpServer, free_port


def _queue(key: str = "test:1", **kwargs) -> None:
    queue_mail(
        ["owner@example.com", "coordinator@example.com"],
        "Quarterly review 2026-Q4",
        "Agenda attached.",
        dedup_key=key,
        **kwargs,
    )
    db.session.commit()


def test_queued_mail_arrives_with_attachments_and_calendar(app, smtp_server: SmtpServer):
    with app.app_context():
        _queue(
            attachments=[MailAttachment("agenda.pdf", "application/pdf", b"%PDF-1.7 agenda")],
            ics="BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
            ics_method="REQUEST",
        )
        assert deliver_outbox() == {"sent": 1, "failed": 0}
        message = db.session.scalar(select(OutboxMessage))
        assert message.status == OutboxStatus.SENT and message.sent_dt is not None
    [mail] = smtp_server.inbox.messages
    assert mail["Subject"] == "Quarterly review 2026-Q4"
    assert "owner@example.com" in mail["To"] and mail["Message-ID"]
    parts = {part.get_content_type(): part for part in mail.walk()}
    assert parts["application/pdf"].get_content() == b"%PDF-1.7 agenda"
    assert "BEGIN:VCALENDAR" in parts["text/calendar"].get_content()
    assert parts["text/calendar"].get_param("method") == "REQUEST"


def test_same_key_is_queued_and_sent_once(app, smtp_server):
    with app.app_context():
        _queue("review:2026-Q4:invite:1")
        _queue("review:2026-Q4:invite:1")
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1
        deliver_outbox()
        assert deliver_outbox() == {"sent": 0, "failed": 0}
    assert len(smtp_server.inbox.messages) == 1


def test_mail_rolled_back_with_its_change_is_never_sent(app, smtp_server):
    with app.app_context():
        queue_mail(["a@example.com"], "s", "b", dedup_key="rolled-back")
        db.session.rollback()
        assert deliver_outbox() == {"sent": 0, "failed": 0}
    assert smtp_server.inbox.messages == []


def test_server_down_mail_waits_then_goes_out_once(app):
    server = SmtpServer(free_port())  # not started: connections are refused
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    try:
        with app.app_context():
            _queue()
            now = utcnow()
            assert deliver_outbox(now=now) == {"sent": 0, "failed": 1}
            message = db.session.scalar(select(OutboxMessage))
            assert message.status == OutboxStatus.PENDING and message.attempts == 1
            assert "ConnectionRefusedError" in message.last_error
            assert message.next_attempt_dt == now + backoff(1)
            # Not due yet: nothing is tried.
            assert deliver_outbox(now=now + timedelta(seconds=10)) == {"sent": 0, "failed": 0}
            server.start()
            later = now + timedelta(minutes=5)
            assert deliver_outbox(now=later) == {"sent": 1, "failed": 0}
            assert deliver_outbox(now=later) == {"sent": 0, "failed": 0}
    finally:
        server.stop()
        app.config.update(MAIL_SERVER="", MAIL_PORT=25)
    assert len(server.inbox.messages) == 1


def test_backoff_grows_and_is_capped():
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff(30) == timedelta(hours=1)


def test_without_mail_server_mail_is_written_to_the_log(app, caplog):
    with app.app_context(), caplog.at_level(logging.INFO, logger="backoffice.mail.outbox"):
        _queue()
        assert deliver_outbox() == {"sent": 1, "failed": 0}
    assert "Quarterly review 2026-Q4" in caplog.text
