"""Ticket, deadline and review signals → webhook events (connected by `init_webhooks`)."""

from __future__ import annotations

from typing import Any

from backoffice.agreements.signals import deadline_at_risk, deadline_breached
from backoffice.meetings.signals import agenda_published
from backoffice.signals import ticket_commented, ticket_moved, ticket_reported
from backoffice.tickets.models import Ticket
from backoffice.webhooks.models import WebhookEvent
from backoffice.webhooks.queue import queue_event, ticket_data


def _actor(actor: Any) -> dict[str, Any] | None:  # noqa: ANN401
    return {"id": actor.id, "name": actor.name} if actor is not None else None


def on_reported(ticket: Ticket, actor: Any, **_: Any) -> None:  # noqa: ANN401
    # The ticket has no id before its first flush: order by its number.
    queue_event(WebhookEvent.TICKET_REPORTED, f"ticket:{ticket.number}",
                lambda: ticket_data(ticket, actor=_actor(actor)))  # fmt: skip


def on_moved(ticket: Ticket, actor: Any, old: Any, new: Any, **_: Any) -> None:  # noqa: ANN401
    queue_event(WebhookEvent.TICKET_MOVED, f"ticket:{ticket.number}",
                lambda: ticket_data(ticket, actor=_actor(actor), old=str(old), new=str(new)))  # fmt: skip


def on_commented(ticket: Ticket, actor: Any, comment: Any, **_: Any) -> None:  # noqa: ANN401
    data = lambda: ticket_data(ticket, actor=_actor(actor), comment={"body": comment.body})  # noqa: E731
    queue_event(WebhookEvent.TICKET_COMMENTED, f"ticket:{ticket.number}", data)


def on_at_risk(ticket: Ticket, **_: Any) -> None:  # noqa: ANN401
    data = lambda: ticket_data(ticket, resolution_due_dt=ticket.resolution_due_dt)  # noqa: E731
    queue_event(WebhookEvent.DEADLINE_AT_RISK, f"ticket:{ticket.number}", data)


def on_breached(ticket: Ticket, **_: Any) -> None:  # noqa: ANN401
    data = lambda: ticket_data(ticket, resolution_due_dt=ticket.resolution_due_dt)  # noqa: E731
    queue_event(WebhookEvent.DEADLINE_BREACHED, f"ticket:{ticket.number}", data)


def on_agenda_published(review: Any, snapshot: Any, **_: Any) -> None:  # noqa: ANN401
    data = lambda: {"review": {"quarter": review.quarter, "starts_at": review.starts_at,  # noqa: E731
                               "agenda_version": snapshot.number}}  # fmt: skip
    queue_event(WebhookEvent.REVIEW_PUBLISHED, f"review:{review.quarter}", data)


def connect_listeners() -> None:
    """Connect once per process (blinker keeps one connection per receiver)."""
    ticket_reported.connect(on_reported)
    ticket_moved.connect(on_moved)
    ticket_commented.connect(on_commented)
    deadline_at_risk.connect(on_at_risk)
    deadline_breached.connect(on_breached)
    agenda_published.connect(on_agenda_published)
