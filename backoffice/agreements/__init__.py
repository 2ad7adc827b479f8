"""Service agreements: catalogue, business calendars, deadlines and published achievement."""

from __future__ import annotations

from flask import Flask


def init_agreements(app: Flask) -> None:
    """Wire the feature into the app: pages, filters, the deadline job, the ticket listeners."""
    from backoffice.agreements.blueprint import agreements_bp
    from backoffice.agreements.calendars import is_default_business_day
    from backoffice.agreements.formatting import register_formatting
    from backoffice.agreements.jobs import check_deadlines
    from backoffice.agreements.listeners import connect_listeners
    from backoffice.scheduler import Job, register_job
    from backoffice.tickets.rules import use_business_days

    app.register_blueprint(agreements_bp)
    use_business_days(app, is_default_business_day)
    register_formatting(app)
    connect_listeners()
    minutes = app.config["SLA_CHECK_MINUTES"]
    register_job(app, Job("check_deadlines", check_deadlines, "interval", {"minutes": minutes}))
