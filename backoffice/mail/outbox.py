"""Queue mail in the caller's transaction, and deliver it over SMTP with retries.

Queuing never sends: the row is committed with the change that caused it, so a
mail is neither lost when the SMTP server is down nor sent for a change that
was rolled back. Each mail is claimed atomically before it is sent (see `claim`), so two deliverers
never send the same one; delivery commits after each message, so a crash resends at
most the one message in flight (its stable Message-ID lets clients drop it). A mail
that cannot be delivered is given up after a bounded number of tries and shown to
admins on the outbox page, where they can send it again.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from backoffice.extensions import db
from backoffice.mail.models import OutboxAttachment, OutboxMessage, OutboxStatus
from backoffice.models import utcnow

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    data: bytes


def queue_mail(
    recipients: Iterable[str],
    subject: str,
    body_text: str,
    dedup_key: str,
    attachments: Iterable[MailAttachment] = (),
    ics: str | None = None,
    ics_method: str | None = None,
) -> OutboxMessage | None:
    """Add a mail to the outbox (the caller commits). Returns None if `dedup_key` was queued before."""
    addresses = sorted({a.strip() for a in recipients if a and a.strip()})
    if not addresses:
        return None
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    now = utcnow()
    message_id = db.session.execute(
        insert(OutboxMessage)
        .values(
            dedup_key=dedup_key,
            recipients=",".join(addresses),
            subject=subject[:300],
            body_text=body_text,
            ics=ics,
            ics_method=ics_method,
            status=OutboxStatus.PENDING,
            attempts=0,
            last_error="",
            created_dt=now,
            next_attempt_dt=now,
        )
        .on_conflict_do_nothing(index_elements=["dedup_key"])
        .returning(OutboxMessage.id)
    ).scalar()
    if message_id is None:
        return None
    for attachment in attachments:
        db.session.add(
            OutboxAttachment(
                message_id=message_id,
                filename=attachment.filename,
                content_type=attachment.content_type,
                data=attachment.data,
            )
        )
    return db.session.get(OutboxMessage, message_id)


def build_email(message: OutboxMessage) -> EmailMessage:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_DEFAULT_SENDER"]
    email["To"] = ", ".join(message.recipient_list)
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    domain = config["MAIL_DEFAULT_SENDER"].rpartition("@")[2] or "localhost"
    digest = hashlib.sha1(message.dedup_key.encode()).hexdigest()[:12]
    email["Message-ID"] = f"<outbox-{message.id}-{digest}@{domain}>"
    email.set_content(message.body_text)
    if message.ics:
        email.add_alternative(
            message.ics.encode(),
            maintype="text",
            subtype="calendar",
            params={"method": message.ics_method or "REQUEST", "charset": "utf-8"},
        )
        email.add_attachment(
            message.ics.encode(), maintype="application", subtype="ics", filename="invite.ics"
        )
    for attachment in message.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        email.add_attachment(
            attachment.data, maintype=maintype, subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )  # fmt: skip
    return email


def _send(email: EmailMessage) -> None:
    config = current_app.config
    if not config["MAIL_SERVER"]:
        log.info("Mail (no MAIL_SERVER set, written to the log):\n%s", email.as_string()[:5000])
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes between attempts, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def is_permanent(error: Exception) -> bool:
    """A refusal that no retry will change: 5xx, every recipient refused, no SMTPUTF8."""
    if isinstance(error, smtplib.SMTPNotSupportedError | smtplib.SMTPSenderRefused):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def claim(message_id: int, now: datetime) -> OutboxMessage | None:
    """Take one due mail for this deliverer, atomically, on SQLite and PostgreSQL alike.

    The conditional UPDATE moves the mail's next attempt past the claim's lease; a second
    deliverer's UPDATE (waiting for the row lock on PostgreSQL, for the write lock on
    SQLite) then no longer matches, so exactly one of them sends it. A deliverer that dies
    mid-send leaves the mail to be retried once the lease has run out. The lease runs from
    the claim, not from `now` (the start of the batch): late in a long batch it would
    otherwise have run out before the mail is even sent.
    """
    lease = timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_dt <= now,
        )
        .values(next_attempt_dt=utcnow() + lease)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return db.session.get(OutboxMessage, message_id) if claimed == 1 else None


def record_failure(message: OutboxMessage, error: Exception, now: datetime) -> None:
    """Retry later with a growing pause, or give up: for good refusals and after the last try."""
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if is_permanent(error) or message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        message.status = OutboxStatus.FAILED
        log.error("Mail %s given up after %s attempts: %s", message.id, message.attempts, error)
    else:
        message.next_attempt_dt = now + backoff(message.attempts)
        log.warning("Mail %s not sent (attempt %s): %s", message.id, message.attempts, error)


def deliver_outbox(now: datetime | None = None, batch_size: int = 50) -> dict[str, int]:
    """Send what is due; a failure schedules a later retry. Safe to run in parallel or twice."""
    now = now or utcnow()
    due = select(OutboxMessage.id).where(
        OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_dt <= now
    )
    ids = list(db.session.scalars(due.order_by(OutboxMessage.id).limit(batch_size)))
    db.session.commit()
    counts = {"sent": 0, "failed": 0}
    for message_id in ids:
        message = claim(message_id, now)
        if message is None:  # another deliverer has it
            continue
        try:
            _send(build_email(message))
        except (OSError, smtplib.SMTPException) as exc:
            record_failure(message, exc, now)
            counts["failed"] += 1
        else:
            message.status = OutboxStatus.SENT
            message.sent_dt = utcnow()
            message.attempts += 1
            counts["sent"] += 1
        db.session.commit()
    return counts


def retry_now(message: OutboxMessage) -> None:
    """An admin sends a failed (or waiting) mail again at once, with a fresh set of tries."""
    if message.status == OutboxStatus.SENT:
        return
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.next_attempt_dt = utcnow()
    db.session.commit()


@dataclass(frozen=True)
class OutboxOverview:
    counts: dict[OutboxStatus, int]
    failed: list[OutboxMessage]
    pending: list[OutboxMessage]
    sent: list[OutboxMessage]


def outbox_overview(rows: int = 100) -> OutboxOverview:
    """Counts per status, and the newest rows of each (failed first: they need a person)."""
    counts = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    )

    def newest(status: OutboxStatus) -> list[OutboxMessage]:
        query = select(OutboxMessage).where(OutboxMessage.status == status)
        return list(db.session.scalars(query.order_by(OutboxMessage.id.desc()).limit(rows)))

    return OutboxOverview(
        counts={status: counts.get(status, 0) for status in OutboxStatus},
        failed=newest(OutboxStatus.FAILED),
        pending=newest(OutboxStatus.PENDING),
        sent=newest(OutboxStatus.SENT),
    )
