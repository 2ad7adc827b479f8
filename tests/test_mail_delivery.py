"""Delivery under pressure: two deliverers at once, refusals for good, a bounded number of
tries, and the admins' outbox page where a failed mail can be sent again."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from backoffice.extensions import db
from backoffice.mail.models import OutboxMessage, OutboxStatus
from backoffice.mail.outbox import deliver_outbox, queue_mail
from backoffice.models import utcnow
from tests.helpers import login, submit
from tests.scheduler_steps import queue_mails
from tests.smtp_server import Inbox, SmtpServer, free_port

ROOT = Path(__file__).resolve().parent.parent


def _message_ids(server: SmtpServer) -> Counter[str]:
    return Counter(mail["Message-ID"] for mail in server.inbox.messages)


def _statuses(app: Flask) -> Counter[OutboxStatus]:
    with app.app_context():
        return Counter(db.session.scalars(select(OutboxMessage.status)))


def test_two_deliverers_at_once_send_every_mail_exactly_once(app, smtp_server):
    queue_mails(app, 23, "race")
    start = threading.Barrier(2)
    results: list[dict[str, int]] = []

    def deliver() -> None:
        with app.app_context():
            start.wait()
            results.append(deliver_outbox())
            db.session.remove()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(result["sent"] for result in results) == 23
    ids = _message_ids(smtp_server)
    assert len(ids) == 23 and set(ids.values()) == {1}
    assert _statuses(app) == Counter({OutboxStatus.SENT: 23})


def test_two_run_job_commands_at_once_send_every_mail_exactly_once(app, database_url, tmp_path):
    """The README's one-off command, twice in parallel as two processes (the reported race)."""
    queue_mails(app, 11, "race")
    server = SmtpServer(free_port())
    server.start()
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        INSTANCE_PATH=str(tmp_path),
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(server.port),
    )
    env.pop("TEST_DATABASE_URL", None)
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "scheduler", "run-job"]
    try:
        processes = [
            subprocess.Popen(
                [*command, "deliver_outbox"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )  # fmt: skip
            for _ in range(2)
        ]
        outputs = [process.communicate(timeout=120)[0] for process in processes]
    finally:
        server.stop()
    assert all(process.returncode == 0 for process in processes), outputs
    ids = _message_ids(server)
    assert len(ids) == 11 and set(ids.values()) == {1}, ids
    assert _statuses(app) == Counter({OutboxStatus.SENT: 11})


class RefusingInbox(Inbox):
    """A server that refuses one mailbox for good (550) and defers another (451)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.startswith("gone@"):
            return "550 5.1.1 mailbox unavailable"
        if address.startswith("busy@"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _refusing_server(app: Flask) -> SmtpServer:
    server = SmtpServer(free_port())
    server.inbox = RefusingInbox()
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    return server


def test_a_refusal_for_good_fails_at_once_and_is_not_retried(app):
    server = _refusing_server(app)
    try:
        with app.app_context():
            queue_mail(["gone@example.com"], "Invitation", "Body", "gone")
            db.session.commit()
            assert deliver_outbox() == {"sent": 0, "failed": 1}
            message = db.session.scalar(select(OutboxMessage))
            assert message.status == OutboxStatus.FAILED and message.attempts == 1
            assert "550" in message.last_error
            assert deliver_outbox(now=utcnow().replace(year=2100)) == {"sent": 0, "failed": 0}
    finally:
        server.stop()
        app.config.update(MAIL_SERVER="", MAIL_PORT=25)


def test_a_passing_refusal_is_retried_a_bounded_number_of_times(app):
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    server = _refusing_server(app)
    try:
        with app.app_context():
            queue_mail(["busy@example.com"], "Invitation", "Body", "busy")
            db.session.commit()
            now = utcnow()
            for hours in (0, 1, 2):
                assert deliver_outbox(now=now.replace(year=now.year + hours + 1))["failed"] == 1
            message = db.session.scalar(select(OutboxMessage))
            assert message.status == OutboxStatus.FAILED and message.attempts == 3
            assert deliver_outbox(now=now.replace(year=now.year + 10)) == {"sent": 0, "failed": 0}
    finally:
        server.stop()
        app.config.update(MAIL_SERVER="", MAIL_PORT=25, MAIL_MAX_ATTEMPTS=15)


def test_non_ascii_address_goes_out_where_the_server_speaks_smtputf8(app, smtp_server):
    with app.app_context():
        queue_mail(["jörg@example.com"], "Invitation", "Body", "umlaut")
        db.session.commit()
        assert deliver_outbox() == {"sent": 1, "failed": 0}
    assert "jörg@example.com" in smtp_server.inbox.messages[0]["To"]


def test_non_ascii_address_on_a_server_without_smtputf8_fails_visibly(app):
    server = SmtpServer(free_port(), smtputf8=False)
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    try:
        with app.app_context():
            queue_mail(["jörg@example.com"], "Invitation", "Body", "umlaut")
            db.session.commit()
            assert deliver_outbox() == {"sent": 0, "failed": 1}
            message = db.session.scalar(select(OutboxMessage))
            assert message.status == OutboxStatus.FAILED and message.attempts == 1
            assert "SMTPNotSupportedError" in message.last_error
    finally:
        server.stop()
        app.config.update(MAIL_SERVER="", MAIL_PORT=25)
    assert server.inbox.messages == []


def test_admin_sees_a_failed_mail_and_sends_it_again(app, client, admin, smtp_server):
    with app.app_context():
        queue_mail(["someone@example.com"], "Minutes 2026-Q3", "Body", "minutes")
        message = db.session.scalar(select(OutboxMessage))
        message.status, message.attempts, message.last_error = OutboxStatus.FAILED, 15, "boom"
        db.session.commit()
        message_id = message.id
    login(client, admin)
    page = client.get("/admin/outbox/").get_data(as_text=True)
    assert "Minutes 2026-Q3" in page and "boom" in page
    response = submit(client, f"/admin/outbox/{message_id}/retry", form_url="/admin/outbox/")
    assert response.status_code == 302
    with app.app_context():
        assert deliver_outbox() == {"sent": 1, "failed": 0}
    assert [mail["Subject"] for mail in smtp_server.inbox.messages] == ["Minutes 2026-Q3"]


def test_outbox_page_is_for_admins_only(app, client, coordinator):
    login(client, coordinator)
    assert client.get("/admin/outbox/").status_code == 403
    assert client.post("/admin/outbox/1/retry").status_code in (400, 403)
