"""Webhooks: signed POSTs to other systems when tickets, deadlines and reviews change."""

from __future__ import annotations

from flask import Flask


def init_webhooks(app: Flask) -> None:
    """Wire the feature: admin pages, the signal listeners, the delivery job."""
    from backoffice.scheduler import Job, register_job
    from backoffice.webhooks.blueprint import webhooks_bp
    from backoffice.webhooks.delivery import deliver_webhooks
    from backoffice.webhooks.listeners import connect_listeners

    app.register_blueprint(webhooks_bp)
    connect_listeners()
    seconds = app.config["WEBHOOK_DELIVERY_SECONDS"]
    register_job(app, Job("deliver_webhooks", deliver_webhooks, "interval", {"seconds": seconds}))
