"""The front door of self-assessments: its blueprint and every URL it answers."""

from __future__ import annotations

from flask import Blueprint

from backoffice.assessments import admin_views, document_views, views

assessments_bp = Blueprint("assessments", __name__, url_prefix="/assessments")

POST = ["POST"]
EDIT = ["GET", "POST"]
assessments_bp.add_url_rule("/", view_func=views.index)
assessments_bp.add_url_rule("/overview", view_func=views.overview)
assessments_bp.add_url_rule("/teams/<int:function_id>/start", view_func=views.start, methods=POST)
assessments_bp.add_url_rule("/<int:assessment_id>", view_func=views.detail, methods=EDIT)
assessments_bp.add_url_rule("/<int:assessment_id>/needs", view_func=views.new_need, methods=POST)
assessments_bp.add_url_rule("/needs/<int:need_id>/done", view_func=views.need_done, methods=POST)
assessments_bp.add_url_rule("/evidence/<int:file_id>", view_func=document_views.evidence_file)
assessments_bp.add_url_rule("/poster", view_func=document_views.poster)
assessments_bp.add_url_rule("/poster.pdf", view_func=document_views.poster_download)
assessments_bp.add_url_rule("/catalogue", view_func=admin_views.catalogue)
assessments_bp.add_url_rule(
    "/catalogue/<any(field, criterion):part>/<part_key>",
    view_func=admin_views.edit_part,
    methods=EDIT,
)
assessments_bp.add_url_rule(
    "/catalogue/field/<field_key>/new", view_func=admin_views.new_criterion, methods=EDIT
)
assessments_bp.add_url_rule(
    "/catalogue/criterion/<part_key>/remove", view_func=admin_views.remove_part, methods=POST
)
assessments_bp.add_url_rule("/toolbox/new", view_func=admin_views.edit_method, methods=EDIT)
assessments_bp.add_url_rule(
    "/toolbox/<int:method_id>", view_func=admin_views.edit_method, methods=EDIT
)
