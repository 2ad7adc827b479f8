"""The scheduler proven under SIGKILL: a standby takes over from a killed scheduler, and
every queued mail goes out once (the one in flight at the kill at most twice, with the
same Message-ID, as the README promises), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from backoffice.extensions import db
from backoffice.mail.models import OutboxMessage, OutboxStatus
from backoffice.mail.outbox import claim, queue_mail
from backoffice.models import utcnow
from tests.scheduler_steps import (
    active_and_standby,
    queue_mails,
    scheduler_env,
    start_run_job,
    wait_for,
)
from tests.smtp_server import Inbox, SmtpServer, free_port

ROOT = Path(__file__).resolve().parent.parent
LEASE_SECONDS = 2
MAILS = 20


class SlowInbox(Inbox):
    """Takes a while per mail, so a batch is still going when the scheduler is killed.

    While `opened` is clear it keeps each mail it received without answering "250 OK":
    the sender dies not knowing the mail arrived, the very case of the mail in flight.
    """

    def __init__(self) -> None:
        super().__init__()
        self.opened = threading.Event()
        self.held = 0  # mails received and not yet confirmed

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        await asyncio.sleep(0.2)
        answer = await super().handle_DATA(server, session, envelope)
        self.held += 1
        try:
            while not self.opened.is_set():
                await asyncio.sleep(0.05)
        finally:  # also when the sender is gone (aiosmtpd cancels this handler)
            self.held -= 1
        return answer


def test_a_mail_claimed_late_in_a_long_batch_keeps_its_whole_lease(app):
    """The lease runs from the claim, not from the start of the batch: a batch that has
    been sending for longer than the lease must not hand its next mail to a second
    deliverer while it is still sending it."""
    app.config["MAIL_CLAIM_SECONDS"] = 60
    with app.app_context():
        message = queue_mail(["someone@example.com"], "Late in the batch", "body", "lease:1")
        message.next_attempt_dt = utcnow() - timedelta(minutes=10)  # due for a while
        db.session.commit()
        message_id = message.id
        batch_started = utcnow() - timedelta(minutes=5)
        assert claim(message_id, batch_started) is not None
        assert claim(message_id, utcnow()) is None  # still owned by the first deliverer
        db.session.remove()


def _statuses(app: Flask) -> Counter[OutboxStatus]:
    with app.app_context():
        statuses = Counter(db.session.scalars(select(OutboxMessage.status)))
        db.session.remove()
        return statuses


def _sent_by(run_job: subprocess.Popen, log: Path) -> int:
    run_job.wait(timeout=120)
    output = log.read_text()
    assert run_job.returncode == 0, output
    return int(re.search(r"'sent': (\d+)", output).group(1))


def _wait_until(condition: Callable[[], bool], timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_scheduler_killed_mid_batch_loses_no_mail_and_resends_only_the_one_in_flight(
    app, database_url: str, tmp_path: Path
):
    queue_mails(app, MAILS, "kill")
    server = SmtpServer(free_port())
    server.inbox = inbox = SlowInbox()
    server.start()
    env = scheduler_env(
        database_url, tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(server.port),
        MAIL_CLAIM_SECONDS=str(LEASE_SECONDS),
    )  # fmt: skip
    try:
        with active_and_standby(env, tmp_path) as (first, _second, first_log, second_log):
            inbox.opened.set()  # the active scheduler's batch gets going

            assert _wait_until(lambda: len(inbox.messages) >= 3), first_log.read_text()
            inbox.opened.clear()
            assert _wait_until(lambda: inbox.held == 1)  # received, not yet confirmed to the sender
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            in_flight = inbox.messages[-1]["Message-ID"]
            assert len(inbox.messages) < MAILS  # the kill landed mid-batch
            assert "job deliver_outbox done" not in first_log.read_text()

            # The standby takes over at once (the killed process's lock died with it) and
            # starts delivering what is left.
            assert wait_for(second_log, "scheduler active", timeout=10), second_log.read_text()
            # An operator's one-off run while that job runs waits for it, then finds nothing
            # left but (once its lease has run out) the mail that was in flight at the kill.
            one_off_log = tmp_path / "one-off.log"
            one_off = start_run_job(env, "deliver_outbox", one_off_log)
            assert wait_for(one_off_log, "running in another process; waiting"), (
                one_off_log.read_text()
            )
            inbox.opened.set()
            one_off_sent = _sent_by(one_off, one_off_log)
            assert "job deliver_outbox done" in second_log.read_text(), second_log.read_text()
            if _statuses(app)[OutboxStatus.PENDING]:  # its lease had not run out yet
                time.sleep(LEASE_SECONDS)
                one_off_sent += _sent_by(
                    start_run_job(env, "deliver_outbox", one_off_log), one_off_log
                )
    finally:
        server.stop()

    assert one_off_sent == 1  # the mail in flight at the kill; the rest the standby sent
    assert _statuses(app) == Counter({OutboxStatus.SENT: MAILS})
    received = Counter(mail["Message-ID"] for mail in inbox.messages)
    assert len(received) == MAILS, received
    twice = [message_id for message_id, times in received.items() if times > 1]
    assert twice == [in_flight] and received[in_flight] == 2, received
