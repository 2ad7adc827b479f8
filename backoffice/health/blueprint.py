"""The health package's front door: the two URLs load balancers poll.

Both are open to anyone (they tell nothing but "ok" or which check failed) and exempt
from CSRF; they answer GET only, read no session and so set no cookie.
"""

from __future__ import annotations

from flask import Blueprint

from backoffice.extensions import csrf
from backoffice.health import views

health_bp = Blueprint("health", __name__)
health_bp.add_url_rule("/healthz", view_func=views.healthz)
health_bp.add_url_rule("/readyz", view_func=views.readyz)
csrf.exempt(health_bp)
