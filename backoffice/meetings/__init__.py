"""Quarterly reviews: the scheduling rule, the agenda, its printout, invitations and minutes."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_babel import format_date, format_time


def severity_label(value: str) -> str:
    """Label of a severity stored as text (in a frozen agenda)."""
    from backoffice.tickets.models import Severity

    return Severity(value).label if value in Severity._value2member_map_ else value


def meeting_time(value: datetime) -> str:
    """ "Tuesday, 12 January 2027, 10:00": the full day, the time without seconds or zone name."""
    return f"{format_date(value, 'full')}, {format_time(value, 'short')}"


def init_meetings(app: Flask) -> None:
    """Wire the feature into the app: pages, the `agenda` command, scheduler jobs."""
    from backoffice.meetings.cli import agenda_cli
    from backoffice.meetings.notices import send_review_notices
    from backoffice.meetings.schedule import ensure_reviews
    from backoffice.meetings.views import meetings_bp
    from backoffice.scheduler import Job, register_job

    app.register_blueprint(meetings_bp)
    app.cli.add_command(agenda_cli)
    app.jinja_env.globals.update(severity_label=severity_label)
    app.jinja_env.filters["meeting_time"] = meeting_time
    register_job(app, Job("ensure_reviews", ensure_reviews, "interval", {"days": 1}))
    register_job(app, Job("send_review_notices", send_review_notices, "interval", {"hours": 1}))
