"""Team self-assessments: how service-oriented are we? Criteria, ratings, radar, needs, poster."""

from __future__ import annotations

from flask import Flask


def init_assessments(app: Flask) -> None:
    """Wire the feature into the app: pages, the `assessment` command, evidence, panels, job."""
    from backoffice.assessments.blueprint import assessments_bp
    from backoffice.assessments.cli import assessment_cli
    from backoffice.assessments.evidence import register_evidence
    from backoffice.assessments.jobs import remind_assessments
    from backoffice.assessments.panels import register_panels
    from backoffice.assessments.radar import radar, show_score
    from backoffice.scheduler import Job, register_job

    app.register_blueprint(assessments_bp)
    app.cli.add_command(assessment_cli)
    app.jinja_env.globals.update(assessment_radar=radar)
    app.jinja_env.filters["score"] = show_score
    register_evidence(app)
    register_panels(app)
    register_job(app, Job("remind_assessments", remind_assessments, "interval", {"days": 1}))
