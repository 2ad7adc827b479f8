"""The front door of bulk import: /imports."""

from __future__ import annotations

from flask import Blueprint

from backoffice.imports import views

imports_bp = Blueprint("imports", __name__, url_prefix="/imports")

imports_bp.add_url_rule("/", view_func=views.upload, methods=["GET", "POST"])
imports_bp.add_url_rule("/<int:upload_id>", view_func=views.mapping, methods=["GET", "POST"])
