"""The front door of org: its blueprint and every URL it serves.

`backoffice.register_blueprints` registers it; the view module only defines the views.
"""

from __future__ import annotations

from flask import Blueprint

from backoffice.org import views

org_bp = Blueprint("org", __name__, url_prefix="/admin")
org_bp.add_url_rule("/", view_func=views.index)
org_bp.add_url_rule("/functions/", view_func=views.functions)
org_bp.add_url_rule("/functions/new", view_func=views.edit_function, methods=["GET", "POST"])
org_bp.add_url_rule(
    "/functions/<int:function_id>", view_func=views.edit_function, methods=["GET", "POST"]
)
org_bp.add_url_rule("/handoffs/", view_func=views.handoffs)
org_bp.add_url_rule("/handoffs/new", view_func=views.edit_handoff, methods=["GET", "POST"])
org_bp.add_url_rule(
    "/handoffs/<int:handoff_id>", view_func=views.edit_handoff, methods=["GET", "POST"]
)
