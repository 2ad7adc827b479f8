"""Deliver the webhook outbox: signed, retried with back-off, in order per ticket.

Each delivery is claimed atomically before it is sent (a conditional UPDATE, as the
mail outbox does), so two schedulers never send one twice; a crash mid-send resends
at most that one, and its `X-Webhook-Id` lets the receiver drop the repeat. A ticket's
deliveries go out in the order they were made: a delivery waits while an older one of
the same `ordering_key` is still pending.

Signature: `X-Webhook-Signature: sha256=<hex>` is HMAC-SHA256 with the subscription's
secret over `<X-Webhook-Timestamp>.<body>`; receivers check it and refuse old timestamps.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import logging
import socket
import ssl
import time
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import aliased

from backoffice.errors import Invalid
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.webhooks.models import DeliveryStatus, WebhookDelivery
from backoffice.webhooks.targets import Target, resolve_target

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=6)
CLAIM_SECONDS = 120


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes between attempts, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to the checked address, with the certificate checked for the host name."""

    def __init__(self, target: Target, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self.tls)
        self.address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


def post(target: Target, secret: str, delivery: WebhookDelivery) -> int:
    """Send one delivery to the checked address; the receiver's HTTP status (OSError if none).

    Redirects are not followed (http.client never does): one could lead anywhere.
    """
    body = delivery.payload.encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "backoffice-webhooks/1",
        "X-Webhook-Id": delivery.event_id,
        "X-Webhook-Event": delivery.event.value,
        "X-Webhook-Timestamp": timestamp,
        "X-Webhook-Signature": signature(secret, timestamp, body),
    }
    timeout = current_app.config["WEBHOOK_TIMEOUT_SECONDS"]
    connection = (_PinnedHTTPS if target.scheme == "https" else _PinnedHTTP)(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        return connection.getresponse().status
    except http.client.HTTPException as error:  # a malformed answer: a failure like any other
        raise OSError(str(error)) from error
    finally:
        connection.close()


def _due(now: datetime, limit: int) -> list[int]:
    """Due deliveries that no older pending delivery of the same ticket is waiting before."""
    older = aliased(WebhookDelivery)
    blocked = (
        select(older.id)
        .where(
            older.ordering_key == WebhookDelivery.ordering_key,
            older.id < WebhookDelivery.id,
            older.status == DeliveryStatus.PENDING,
        )
        .exists()
    )
    return list(
        db.session.scalars(
            select(WebhookDelivery.id)
            .where(
                WebhookDelivery.status == DeliveryStatus.PENDING,
                WebhookDelivery.next_attempt_dt <= now,
                ~blocked,
            )
            .order_by(WebhookDelivery.id)
            .limit(limit)
        )
    )


def claim(delivery_id: int, now: datetime) -> WebhookDelivery | None:
    claimed = db.session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.status == DeliveryStatus.PENDING,
            WebhookDelivery.next_attempt_dt <= now,
        )
        .values(next_attempt_dt=utcnow() + timedelta(seconds=CLAIM_SECONDS))
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return db.session.get(WebhookDelivery, delivery_id) if claimed == 1 else None


def _attempt(delivery: WebhookDelivery, now: datetime) -> bool:
    subscription = delivery.subscription
    delivery.attempts += 1
    delivery.last_attempt_dt = utcnow()
    try:
        status = post(resolve_target(subscription.url), subscription.secret, delivery)
        error = "" if 200 <= status < 300 else f"HTTP {status}"
    except Invalid as refused:
        status, error = None, str(refused.errors.get("url", ""))
    except OSError as failure:  # refused, timed out, TLS, DNS
        status, error = None, f"{type(failure).__name__}: {failure}"
    delivery.last_status_code, delivery.last_error = status, error[:500]
    if not error:
        delivery.status, delivery.delivered_dt = DeliveryStatus.DELIVERED, utcnow()
    elif delivery.attempts >= current_app.config["WEBHOOK_MAX_ATTEMPTS"]:
        delivery.status = DeliveryStatus.FAILED
        log.error("Webhook delivery %s given up: %s", delivery.id, error)
    else:
        delivery.next_attempt_dt = now + backoff(delivery.attempts)
    db.session.commit()
    return not error


def deliver_webhooks(now: datetime | None = None, batch_size: int = 50) -> dict[str, int]:
    """The scheduler job: send what is due. Safe to run twice or in parallel."""
    now = now or utcnow()
    counts = {"delivered": 0, "failed": 0}
    ids = _due(now, batch_size)
    db.session.commit()
    for delivery_id in ids:
        delivery = claim(delivery_id, now)
        if delivery is not None:
            counts["delivered" if _attempt(delivery, now) else "failed"] += 1
    return counts


def redeliver(delivery: WebhookDelivery) -> None:
    """An admin sends a delivery again at once (a delivered one too: the receiver asked)."""
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_dt = utcnow()
    db.session.commit()
