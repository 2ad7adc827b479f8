"""The front door of auth: its blueprints, and the view module that declares their URLs.

Importing this module is what registers the routes; `backoffice.register_blueprints`
is the one place that does it.
"""

from __future__ import annotations

from flask import Blueprint

auth_bp = Blueprint("auth", __name__)
admin_users_bp = Blueprint("admin_users", __name__, url_prefix="/admin/users")

from backoffice.auth import views  # noqa: E402, F401  (declares the routes on the blueprints)
