"""The front door of effectiveness checks: its blueprint and every URL it answers.

The check itself is shown on the ticket page (a `ticket_panels` part); its forms post here.
"""

from __future__ import annotations

from flask import Blueprint

from backoffice.effectiveness import views

effectiveness_bp = Blueprint("effectiveness", __name__, url_prefix="/effectiveness")

POST = ["POST"]
effectiveness_bp.add_url_rule("/<int:check_id>/verdict", view_func=views.verdict, methods=POST)
effectiveness_bp.add_url_rule("/<int:check_id>/date", view_func=views.check_date, methods=POST)
