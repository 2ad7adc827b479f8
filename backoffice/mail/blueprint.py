"""The mail package's front door: the admins' outbox page."""

from __future__ import annotations

from flask import Blueprint

mail_bp = Blueprint("mail", __name__, url_prefix="/admin/outbox")

from backoffice.mail import views  # noqa: E402, F401  (declares the routes on mail_bp)
