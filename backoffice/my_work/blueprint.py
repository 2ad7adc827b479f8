"""The front door of My work: its blueprint and the view module that fills it."""

from __future__ import annotations

from flask import Blueprint

my_work_bp = Blueprint("my_work", __name__)

from backoffice.my_work import views  # noqa: E402, F401
