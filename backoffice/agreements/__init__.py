"""Service agreements: catalogue, business calendars, deadlines and published achievement."""

from __future__ import annotations

from flask import Flask


def init_agreements(app: Flask) -> None:
    """Wire the feature into the app: pages and the deadline job of the scheduler."""
    from backoffice.agreements.achievement_views import business_hours, percent
    from backoffice.agreements.models import WEEKDAY_LABELS
    from backoffice.agreements.notify import check_deadlines
    from backoffice.agreements.views import agreements_bp, target_text
    from backoffice.scheduler import Job, register_job

    app.register_blueprint(agreements_bp)
    app.jinja_env.globals.update(sla_target=target_text)
    app.jinja_env.filters.update(business_hours=business_hours, percent=percent)
    app.jinja_env.filters.update(weekday=lambda index: str(WEEKDAY_LABELS[index]))
    minutes = app.config["SLA_CHECK_MINUTES"]
    register_job(app, Job("check_deadlines", check_deadlines, "interval", {"minutes": minutes}))
