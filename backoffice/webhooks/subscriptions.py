"""Administering webhook subscriptions (audited, optimistic locking) and reading the log."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from backoffice.audit import create_audited, record_audit, update_audited
from backoffice.auth.models import User
from backoffice.errors import ChangedMeanwhile, Invalid, NotAllowed
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from backoffice.webhooks.targets import check_target

ENTITY = "webhook"
LOG_ROWS = 200


@dataclass
class SubscriptionData:
    url: str
    events: list[str]
    is_active: bool = True
    expected_version: int | None = None  # the version the form was opened on


def _checked(data: SubscriptionData) -> dict[str, object]:
    events = [e for e in data.events if e in WebhookEvent._value2member_map_]
    if not events:
        raise Invalid({"events": _("Choose at least one event.")})
    url = check_target(data.url)
    return {"url": url, "events": ",".join(sorted(set(events))), "is_active": data.is_active}


def save_subscription(
    subscription: WebhookSubscription | None,
    data: SubscriptionData,
    actor: User,
) -> WebhookSubscription:
    if not actor.is_admin:
        raise NotAllowed()
    values = _checked(data)
    if subscription is None:
        subscription = WebhookSubscription(
            **values, secret=secrets.token_hex(32), created_by_id=actor.id
        )
        summary = {"url": (None, values["url"]), "events": (None, values["events"])}
        create_audited(subscription, actor, ENTITY, summary)
    else:
        expected = data.expected_version
        if expected is not None and expected != subscription.version:
            raise ChangedMeanwhile(subscription.version)
        update_audited(subscription, values, actor, ENTITY)
    db.session.commit()
    return subscription


def new_secret(subscription: WebhookSubscription, actor: User) -> None:
    """Replace the signing secret (the receiver must be told the new one)."""
    if not actor.is_admin:
        raise NotAllowed()
    subscription.secret = secrets.token_hex(32)
    record_audit(actor, ENTITY, subscription.id, "updated", {"secret": ["…", "…"]})
    db.session.commit()


def list_subscriptions() -> list[WebhookSubscription]:
    return list(db.session.scalars(select(WebhookSubscription).order_by(WebhookSubscription.id)))


def delivery_log(subscription: WebhookSubscription | None = None) -> list[WebhookDelivery]:
    """The newest deliveries (of one subscription, or all), with their subscription."""
    stmt = select(WebhookDelivery).options(joinedload(WebhookDelivery.subscription))
    if subscription is not None:
        stmt = stmt.where(WebhookDelivery.subscription_id == subscription.id)
    return list(db.session.scalars(stmt.order_by(WebhookDelivery.id.desc()).limit(LOG_ROWS)))
