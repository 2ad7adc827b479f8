"""Quarterly reviews: the scheduling rule, the agenda, its printout, invitations and minutes."""

from __future__ import annotations

from flask import Flask


def init_meetings(app: Flask) -> None:
    """Wire the feature into the app: pages, the `agenda` command, Jinja helpers, jobs."""
    from backoffice.meetings.blueprint import meetings_bp
    from backoffice.meetings.cli import agenda_cli
    from backoffice.meetings.formatting import meeting_time, pick_text, severity_label
    from backoffice.meetings.notices import send_review_notices
    from backoffice.meetings.schedule import ensure_reviews
    from backoffice.scheduler import Job, register_job

    app.register_blueprint(meetings_bp)
    app.cli.add_command(agenda_cli)
    app.jinja_env.globals.update(severity_label=severity_label, pick_text=pick_text)
    app.jinja_env.filters["meeting_time"] = meeting_time
    register_job(app, Job("ensure_reviews", ensure_reviews, "interval", {"days": 1}))
    register_job(app, Job("send_review_notices", send_review_notices, "interval", {"hours": 1}))
