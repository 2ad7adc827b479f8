"""Events into the webhook outbox, in the transaction of the change that caused them.

A listener adds one delivery per active subscription to the event; the change's own
commit saves them, so an event is never lost (the change committed) nor sent for a
change that was rolled back. `payload_json` is the body every receiver gets.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import select
from sqlalchemy.orm import SessionTransaction

from backoffice.extensions import db
from backoffice.links import public_url
from backoffice.models import utcnow
from backoffice.tickets.models import Ticket
from backoffice.webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription

# The active subscriptions, read once per transaction: a bulk import sends an event per row.
_ACTIVE: WeakKeyDictionary[SessionTransaction, list[tuple[int, list[WebhookEvent]]]] = (
    WeakKeyDictionary()
)


def _subscribers(event: WebhookEvent) -> list[int]:
    session = db.session()
    transaction = session.get_transaction() or session.begin()
    while transaction.parent is not None:
        transaction = transaction.parent
    if transaction not in _ACTIVE:
        with session.no_autoflush:
            _ACTIVE[transaction] = [
                (s.id, s.event_list)
                for s in session.scalars(
                    select(WebhookSubscription).where(WebhookSubscription.is_active.is_(True))
                )
            ]
    return [sid for sid, events in _ACTIVE[transaction] if event in events]


def _encode(value: Any) -> Any:  # noqa: ANN401
    return value.isoformat() if isinstance(value, datetime) else str(value)


def queue_event(event: WebhookEvent, ordering_key: str, data: Callable[[], dict[str, Any]]) -> int:
    """One delivery per subscriber (the caller commits); how many were queued.

    `data` is called only when someone subscribes (a bulk import of 10,000 rows with no
    subscriber builds no payload).
    """
    subscribers = _subscribers(event)
    body_data = data() if subscribers else {}
    for subscription_id in subscribers:
        event_id = str(uuid.uuid4())
        body = {"id": event_id, "event": event.value, "occurred_dt": utcnow(), "data": body_data}
        db.session.add(
            WebhookDelivery(
                subscription_id=subscription_id,
                event_id=event_id,
                event=event,
                ordering_key=ordering_key,
                payload=json.dumps(body, default=_encode, ensure_ascii=False),
            )
        )
    return len(subscribers)


def ticket_data(ticket: Ticket, **extra: Any) -> dict[str, Any]:  # noqa: ANN401
    """What a receiver needs to recognise a ticket, and where to read the rest."""
    return {
        "ticket": {
            "number": ticket.number,
            "title": ticket.title,
            "status": ticket.status.value,
            "severity": ticket.severity.value,
            "handoff_id": ticket.handoff_id,
            "external_reference": ticket.external_reference,
            "billing_period": ticket.billing_period,
            "version": ticket.version,
            "url": public_url("api.get_ticket", number=ticket.number),
        },
        **extra,
    }
