"""The front door of org: its blueprint, and the view module that declares its URLs.

Importing this module is what registers the routes; `backoffice.register_blueprints`
is the one place that does it.
"""

from __future__ import annotations

from flask import Blueprint

org_bp = Blueprint("org", __name__, url_prefix="/admin")

from backoffice.org import views  # noqa: E402, F401  (declares the routes on the blueprint)
