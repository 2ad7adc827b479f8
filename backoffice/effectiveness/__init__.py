"""Effectiveness checks: did a resolution's preventive action stop the defect coming back?

A resolution with a preventive action schedules a check; when it falls due the owner
is told, sees the evidence and records a verdict; "not effective" opens a follow-up.
"""

from __future__ import annotations

from flask import Flask


def init_effectiveness(app: Flask) -> None:
    """Wire the feature into the app: its URLs, the ticket listener, the due job, its parts
    of the ticket page, My work, the achievement page and the quarterly agenda."""
    from backoffice.assessments.evidence import evidence_providers
    from backoffice.effectiveness.agenda import effectiveness_section
    from backoffice.effectiveness.assessment_evidence import follow_up_measures
    from backoffice.effectiveness.blueprint import effectiveness_bp
    from backoffice.effectiveness.jobs import check_effectiveness
    from backoffice.effectiveness.listeners import connect_listeners
    from backoffice.effectiveness.models import CHECK_BADGES, CheckState
    from backoffice.effectiveness.panels import (
        achievement_panel,
        my_work_panel,
        rate_text,
        ticket_panel,
    )
    from backoffice.extension_points import (
        achievement_panels,
        agenda_sections,
        my_work_panels,
        ticket_panels,
    )
    from backoffice.scheduler import Job, register_job

    app.register_blueprint(effectiveness_bp)
    app.jinja_env.globals.update(
        effect_rate=rate_text, check_states=CheckState, check_badges=CHECK_BADGES
    )
    connect_listeners()
    evidence_providers.add(app, "follow_up_measures", follow_up_measures)
    register_job(app, Job("check_effectiveness", check_effectiveness, "interval", {"hours": 1}))
    ticket_panels.add(app, "effectiveness", "effectiveness/ticket_panel.html", ticket_panel)
    my_work_panels.add(app, "effectiveness", "effectiveness/my_work_panel.html", my_work_panel)
    achievement_panels.add(
        app, "effectiveness", "effectiveness/achievement_panel.html", achievement_panel
    )
    # Last in the agenda: after the figures, what the measures achieved.
    agenda_sections.add(app, "effectiveness", "effectiveness/agenda_section.html",
                        effectiveness_section, order=200)  # fmt: skip
