"""The front door of service agreements: the blueprint and every URL it serves.

The view modules hold plain functions; only this module binds them to URLs, so no
page exists because some other module happened to be imported.
"""

from __future__ import annotations

from flask import Blueprint

from backoffice.agreements.achievement_views import achievement_page, handoff_map_page
from backoffice.agreements.views import (
    edit_agreement,
    edit_calendar,
    edit_service,
    index,
    remove_agreement,
)

agreements_bp = Blueprint("agreements", __name__, url_prefix="/agreements")

GET_POST = ["GET", "POST"]
SERVICE = "/services/<int:service_id>"
AGREEMENT = f"{SERVICE}/agreements/<int:agreement_id>"

agreements_bp.add_url_rule("/", view_func=index)
agreements_bp.add_url_rule("/services/new", view_func=edit_service, methods=GET_POST)
agreements_bp.add_url_rule(SERVICE, view_func=edit_service, methods=GET_POST)
agreements_bp.add_url_rule(f"{SERVICE}/agreements/new", view_func=edit_agreement, methods=GET_POST)
agreements_bp.add_url_rule(AGREEMENT, view_func=edit_agreement, methods=GET_POST)
agreements_bp.add_url_rule(f"{AGREEMENT}/delete", view_func=remove_agreement, methods=["POST"])
agreements_bp.add_url_rule(
    "/calendars/<int:function_id>", view_func=edit_calendar, methods=GET_POST
)
agreements_bp.add_url_rule("/achievement", view_func=achievement_page)
agreements_bp.add_url_rule("/handoff-map", view_func=handoff_map_page)
