"""The front door of tickets: its blueprints, and the view modules that fill them."""

from __future__ import annotations

from flask import Blueprint

tickets_bp = Blueprint("tickets", __name__)
picklists_bp = Blueprint("picklists", __name__, url_prefix="/admin/pick-lists")

from backoffice.tickets import action_views, picklist_views, views  # noqa: E402, F401
