"""The start page asks each feature for its part: tickets for the ticket sections, the
pinned saved views and (for coordinators) the ageing chart, reviews for the open action
items. Neither feature knows about the other.
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from backoffice.extension_points import my_work_panels
from backoffice.meetings.queries import open_actions_for
from backoffice.tickets.ageing import BUCKET_LABELS, open_ticket_ageing
from backoffice.tickets.saved_view_queries import pinned_sections
from backoffice.tickets.work_queue import my_work


@login_required
def index():  # noqa: ANN201
    return render_template(
        "my_work/index.html",
        sections=my_work(current_user),
        pinned=pinned_sections(current_user),
        ageing=open_ticket_ageing() if current_user.is_coordinator else None,
        age_buckets=BUCKET_LABELS,
        actions=open_actions_for(current_user),
        panels=my_work_panels.fill(current_user),
    )
