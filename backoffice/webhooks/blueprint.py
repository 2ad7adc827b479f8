"""The front door of webhooks: the administrators' pages under /admin/webhooks."""

from __future__ import annotations

from flask import Blueprint

from backoffice.webhooks import views

webhooks_bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")

GET_POST = ["GET", "POST"]
webhooks_bp.add_url_rule("/", view_func=views.index)
webhooks_bp.add_url_rule("/new", view_func=views.edit, methods=GET_POST)
webhooks_bp.add_url_rule("/<int:subscription_id>", view_func=views.edit, methods=GET_POST)
webhooks_bp.add_url_rule(
    "/<int:subscription_id>/secret", view_func=views.rotate_secret, methods=["POST"]
)
webhooks_bp.add_url_rule(
    "/deliveries/<int:delivery_id>/redeliver", view_func=views.redeliver, methods=["POST"]
)
