"""The front door of auth: its blueprints and every URL they serve.

`backoffice.register_blueprints` registers them; the view modules only define the views.
"""

from __future__ import annotations

from flask import Blueprint

from backoffice.auth import views

auth_bp = Blueprint("auth", __name__)
admin_users_bp = Blueprint("admin_users", __name__, url_prefix="/admin/users")
auth_bp.add_url_rule("/login", view_func=views.login, methods=["GET", "POST"])
auth_bp.add_url_rule("/language", view_func=views.choose_language, methods=["POST"])
auth_bp.add_url_rule("/logout", view_func=views.logout, methods=["POST"])
auth_bp.add_url_rule("/preferences", view_func=views.preferences, methods=["GET", "POST"])
auth_bp.add_url_rule(
    "/preferences/sessions/end", view_func=views.end_other_sessions, methods=["POST"]
)
admin_users_bp.add_url_rule("/", view_func=views.list_users)
admin_users_bp.add_url_rule("/new", view_func=views.edit_user, methods=["GET", "POST"])
admin_users_bp.add_url_rule("/<int:user_id>", view_func=views.edit_user, methods=["GET", "POST"])
admin_users_bp.add_url_rule(
    "/<int:user_id>/sessions/end", view_func=views.end_user_sessions, methods=["POST"]
)
