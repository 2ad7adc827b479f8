"""The front door of the JSON API: the blueprint under /api/v1 and every URL it serves."""

from __future__ import annotations

from flask import Blueprint

from backoffice.api import docs_views, import_views, reference_views, ticket_views, token_views
from backoffice.api.access import check_caller
from backoffice.tickets.workflow import MOVES

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")
api_bp.before_request(check_caller)

TICKET = "/tickets/<number>"
ACTION = f"{TICKET}/actions/<any({', '.join(MOVES)}):action>"

api_bp.add_url_rule("/openapi.json", view_func=docs_views.openapi_json)
api_bp.add_url_rule("/docs", view_func=docs_views.docs)
api_bp.add_url_rule("/tickets", view_func=ticket_views.list_tickets)
api_bp.add_url_rule("/tickets", view_func=ticket_views.create_ticket, methods=["POST"])
api_bp.add_url_rule(TICKET, view_func=ticket_views.get_ticket)
api_bp.add_url_rule(TICKET, view_func=ticket_views.update_ticket, methods=["PATCH"])
api_bp.add_url_rule(ACTION, view_func=ticket_views.take_action, methods=["POST"])
api_bp.add_url_rule(f"{TICKET}/comments", view_func=ticket_views.list_comments)
api_bp.add_url_rule(f"{TICKET}/comments", view_func=ticket_views.add_comment, methods=["POST"])
api_bp.add_url_rule(f"{TICKET}/attachments", view_func=ticket_views.list_attachments)
api_bp.add_url_rule(
    f"{TICKET}/attachments", view_func=ticket_views.upload_attachment, methods=["POST"]
)
api_bp.add_url_rule(
    f"{TICKET}/attachments/<int:attachment_id>", view_func=ticket_views.download_attachment
)
api_bp.add_url_rule("/functions", view_func=reference_views.functions)
api_bp.add_url_rule("/handoffs", view_func=reference_views.handoffs)
api_bp.add_url_rule("/services", view_func=reference_views.services)
api_bp.add_url_rule("/achievement", view_func=reference_views.achievement)
api_bp.add_url_rule("/reviews", view_func=reference_views.reviews)
api_bp.add_url_rule(
    "/reviews/<quarter>/agendas/<int:version>", view_func=reference_views.agenda_version
)
api_bp.add_url_rule("/imports", view_func=import_views.create_import, methods=["POST"])

# Pages of the signed-in app (cookies, CSRF): making and revoking tokens.
token_bp = Blueprint("api_tokens", __name__)
token_bp.add_url_rule("/preferences/api-tokens/new", view_func=token_views.new_token,
                      methods=["GET", "POST"])  # fmt: skip
token_bp.add_url_rule(
    "/preferences/api-tokens/<int:token_id>/revoke", view_func=token_views.revoke, methods=["POST"]
)
token_bp.add_url_rule("/admin/api-tokens", view_func=token_views.admin_tokens)
token_bp.add_url_rule("/admin/api-tokens/<int:token_id>/revoke", view_func=token_views.admin_revoke,
                      methods=["POST"])  # fmt: skip
