"""The front door of surveys and service profiles: the blueprints and every URL they serve.

The public answer page (`/survey/<token>`) lives here too: it needs no sign-in, the
signed link is the key, and CSRF protection stays on as for every form.
"""

from __future__ import annotations

from flask import Blueprint

from backoffice.surveys import answer_views, profile_views, round_views

surveys_bp = Blueprint("surveys", __name__)

GET_POST = ["GET", "POST"]
POST = ["POST"]
ROUND = "/surveys/<int:round_id>"

surveys_bp.add_url_rule("/surveys/", view_func=round_views.index)
surveys_bp.add_url_rule("/surveys/new", view_func=round_views.plan, methods=GET_POST)
surveys_bp.add_url_rule(ROUND, view_func=round_views.detail)
surveys_bp.add_url_rule(f"{ROUND}/edit", view_func=round_views.plan, methods=GET_POST)
surveys_bp.add_url_rule(f"{ROUND}/people", view_func=round_views.add_person, methods=POST)
surveys_bp.add_url_rule(
    f"{ROUND}/people/<int:invitation_id>/remove", view_func=round_views.remove_person, methods=POST
)
surveys_bp.add_url_rule(f"{ROUND}/close", view_func=round_views.close_now, methods=POST)
surveys_bp.add_url_rule(
    f"{ROUND}/answer", view_func=answer_views.answer_signed_in, methods=GET_POST
)
surveys_bp.add_url_rule(
    "/surveys/texts/<int:text_id>", view_func=round_views.text_action, methods=POST
)
surveys_bp.add_url_rule(
    "/surveys/services/<int:service_id>/questions",
    view_func=round_views.questions,
    methods=GET_POST,
)
surveys_bp.add_url_rule("/survey/<token>", view_func=answer_views.answer_by_link, methods=GET_POST)

surveys_bp.add_url_rule("/profiles/", "index_profiles", view_func=profile_views.index)
surveys_bp.add_url_rule("/profiles/<int:function_id>", view_func=profile_views.profile)
surveys_bp.add_url_rule(
    "/profiles/<int:function_id>/profile.<any(pdf, xlsx):file_format>",
    view_func=profile_views.profile_download,
)
surveys_bp.add_url_rule(
    "/profiles/<int:function_id>/edit", view_func=profile_views.edit_profile, methods=GET_POST
)
