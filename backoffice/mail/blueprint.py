"""The mail package's front door: every URL of the admins' outbox page."""

from __future__ import annotations

from flask import Blueprint

from backoffice.mail import views

mail_bp = Blueprint("mail", __name__, url_prefix="/admin/outbox")
mail_bp.add_url_rule("/", view_func=views.index)
mail_bp.add_url_rule("/<int:message_id>/retry", view_func=views.retry, methods=["POST"])
