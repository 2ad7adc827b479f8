"""The start page asks each feature for its part: tickets for the ticket sections,
reviews for the open action items. Neither feature knows about the other.
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from backoffice.meetings.queries import open_actions_for
from backoffice.tickets.queries import my_work


@login_required
def index():  # noqa: ANN201
    return render_template(
        "my_work/index.html",
        sections=my_work(current_user),
        actions=open_actions_for(current_user),
    )
