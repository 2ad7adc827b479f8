"""Events into the webhook outbox, in the transaction of the change that caused them.

A listener adds one delivery per active subscription to the event; the change's own
commit saves them, so an event is never lost (the change committed) nor sent for a
change that was rolled back. `payload_json` is the body every receiver gets.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from backoffice.extensions import db
from backoffice.links import public_url
from backoffice.models import utcnow
from backoffice.tickets.models import Ticket
from backoffice.webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription


def _subscribers(event: WebhookEvent) -> list[WebhookSubscription]:
    active = db.session.scalars(
        select(WebhookSubscription).where(WebhookSubscription.is_active.is_(True))
    )
    return [s for s in active if event in s.event_list]


def _encode(value: Any) -> Any:  # noqa: ANN401
    return value.isoformat() if isinstance(value, datetime) else str(value)


def queue_event(event: WebhookEvent, ordering_key: str, data: dict[str, Any]) -> int:
    """One delivery per subscriber (the caller commits); how many were queued."""
    subscribers = _subscribers(event)
    for subscription in subscribers:
        event_id = str(uuid.uuid4())
        body = {"id": event_id, "event": event.value, "occurred_dt": utcnow(), "data": data}
        db.session.add(
            WebhookDelivery(
                subscription_id=subscription.id,
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
