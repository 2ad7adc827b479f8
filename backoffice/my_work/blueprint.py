"""The front door of My work: the start page at `/`."""

from __future__ import annotations

from flask import Blueprint

from backoffice.my_work import views

my_work_bp = Blueprint("my_work", __name__)
my_work_bp.add_url_rule("/", view_func=views.index)
