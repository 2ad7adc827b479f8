"""The scheduler proven under SIGKILL: a standby takes over from a killed scheduler, and
every queued mail goes out once (the one in flight at the kill at most twice, with the
same Message-ID), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from backoffice.extensions import db
from backoffice.mail.models import OutboxMessage, OutboxStatus
from backoffice.mail.outbox import claim, queue_mail
from backoffice.models import utcnow
from tests.smtp_server import Inbox, SmtpServer, free_port

ROOT = Path(__file__).resolve().parent.parent
LEASE_SECONDS = 2


class SlowInbox(Inbox):
    """Takes a while per mail, so a batch is still going when the scheduler is killed."""

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        await asyncio.sleep(0.2)
        return await super().handle_DATA(server, session, envelope)


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
