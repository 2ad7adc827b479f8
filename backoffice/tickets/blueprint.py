"""The front door of tickets: every URL of the ticket pages and the pick-list admin."""

from __future__ import annotations

from flask import Blueprint

from backoffice.tickets import action_views, picklist_views, saved_view_views, views

tickets_bp = Blueprint("tickets", __name__)
SAVED_VIEW = "/tickets/views/<int:view_id>"
tickets_bp.add_url_rule("/tickets/", view_func=views.ticket_list)
tickets_bp.add_url_rule("/tickets/export.csv", view_func=views.export_csv)
tickets_bp.add_url_rule("/tickets/export.xlsx", view_func=views.export_xlsx)
tickets_bp.add_url_rule("/tickets/views/", view_func=saved_view_views.index, endpoint="saved_views")
tickets_bp.add_url_rule(
    "/tickets/views/", view_func=saved_view_views.create, methods=["POST"], endpoint="save_view"
)
tickets_bp.add_url_rule(SAVED_VIEW, view_func=saved_view_views.open_view)
tickets_bp.add_url_rule(
    f"{SAVED_VIEW}/rename", "rename_view", saved_view_views.rename, methods=["POST"]
)
tickets_bp.add_url_rule(f"{SAVED_VIEW}/pin", "pin_view", saved_view_views.pin, methods=["POST"])
tickets_bp.add_url_rule(
    f"{SAVED_VIEW}/publish", "publish_view", saved_view_views.publish, methods=["POST"]
)
tickets_bp.add_url_rule(
    f"{SAVED_VIEW}/delete", "delete_view", saved_view_views.delete, methods=["POST"]
)
tickets_bp.add_url_rule("/tickets/new", view_func=views.report, methods=["GET", "POST"])
tickets_bp.add_url_rule("/tickets/<number>", view_func=views.detail)
tickets_bp.add_url_rule("/tickets/<number>/edit", view_func=views.edit, methods=["GET", "POST"])
# Any name in workflow.MOVES; the view answers 404 to the others.
tickets_bp.add_url_rule(
    "/tickets/<number>/<action>", view_func=action_views.transition, methods=["POST"]
)
tickets_bp.add_url_rule(
    "/tickets/<number>/comments", view_func=action_views.comment, methods=["POST"]
)
tickets_bp.add_url_rule(
    "/tickets/<number>/attachments", view_func=action_views.upload, methods=["POST"]
)
tickets_bp.add_url_rule("/tickets/<number>/links", view_func=action_views.link, methods=["POST"])
tickets_bp.add_url_rule("/attachments/<int:attachment_id>", view_func=action_views.download)

picklists_bp = Blueprint("picklists", __name__, url_prefix="/admin/pick-lists")
picklists_bp.add_url_rule("/", view_func=picklist_views.index)
for rule in ("/<kind>/new", "/<kind>/<int:item_id>"):
    picklists_bp.add_url_rule(rule, view_func=picklist_views.edit, methods=["GET", "POST"])
