"""The internal customers' voice: survey rounds, the perception gap and the service profile."""

from __future__ import annotations

from flask import Flask


def init_surveys(app: Flask) -> None:
    """Wire the feature into the app: pages, the round job, My work panel, agenda section."""
    from backoffice.assessments.evidence import evidence_providers
    from backoffice.extension_points import agenda_sections, my_work_panels
    from backoffice.scheduler import Job, register_job
    from backoffice.surveys.assessment_evidence import customer_feedback
    from backoffice.surveys.blueprint import surveys_bp
    from backoffice.surveys.contributions import agenda_section, my_work_panel
    from backoffice.surveys.followups import follow_up_label
    from backoffice.surveys.formatting import register_formatting
    from backoffice.surveys.jobs import run_survey_rounds
    from backoffice.surveys.results import min_answers

    app.register_blueprint(surveys_bp)
    register_formatting(app)
    app.jinja_env.globals.update(follow_up_label=follow_up_label, min_answers=min_answers)
    my_work_panels.add(
        app, "surveys", "surveys/_partials/my_work_panel.html", my_work_panel, order=50
    )
    agenda_sections.add(
        app, "surveys", "surveys/_partials/agenda_section.html", agenda_section, order=150
    )
    evidence_providers.add(app, "customer_feedback", customer_feedback)
    register_job(app, Job("run_survey_rounds", run_survey_rounds, "interval", {"hours": 1}))
