"""The front door of meetings: its blueprint and every URL it answers.

The view modules only define functions; the routes exist because this module declares
them, and `init_meetings` (called by `backoffice.register_blueprints`) registers it.
"""

from __future__ import annotations

from flask import Blueprint

from backoffice.meetings import document_views, review_views

meetings_bp = Blueprint("meetings", __name__, url_prefix="/reviews")

POST = ["POST"]
meetings_bp.add_url_rule("/", view_func=review_views.index)
meetings_bp.add_url_rule("/<quarter>", view_func=review_views.detail)
meetings_bp.add_url_rule("/<quarter>/edit", view_func=review_views.edit, methods=["GET", "POST"])
meetings_bp.add_url_rule("/<quarter>/publish", view_func=review_views.publish, methods=POST)
meetings_bp.add_url_rule("/<quarter>/cancel", view_func=review_views.cancel, methods=POST)
meetings_bp.add_url_rule("/<quarter>/minutes", view_func=review_views.add_minute, methods=POST)
meetings_bp.add_url_rule("/<quarter>/held", view_func=review_views.held, methods=POST)
meetings_bp.add_url_rule(
    "/actions/<int:action_id>/done", view_func=review_views.action_done, methods=POST
)
meetings_bp.add_url_rule("/<quarter>/print", view_func=document_views.print_view)
meetings_bp.add_url_rule("/<quarter>/print.css", view_func=document_views.print_css)
meetings_bp.add_url_rule("/<quarter>/agenda.pdf", view_func=document_views.pdf)
meetings_bp.add_url_rule("/<quarter>/minutes.pdf", view_func=document_views.minutes_download)
meetings_bp.add_url_rule("/<quarter>/invite.ics", view_func=document_views.ics)
