"""Run a form's command and put a service's refusal where the user looks: at the field.

Views stay thin: `submitted(form, command)` validates the form, runs the one service
call and returns its result; on `Invalid` (or `ChangedMeanwhile`) it rolls back, puts
each message at its field, keeps what the user typed, and returns None. `form_status`
is the HTTP status to render the form again with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash
from flask_wtf import FlaskForm

from backoffice.errors import ChangedMeanwhile, Invalid
from backoffice.extensions import db

T = TypeVar("T")


def show_refusal(form: FlaskForm, refusal: Invalid) -> None:
    """Each message at its field; messages for the whole form (or an unknown field) on top."""
    for name, message in refusal.errors.items():
        field = getattr(form, name, None) if name else None
        if field is None or not hasattr(field, "errors"):
            form.form_errors.append(str(message))
            flash(str(message), "error")
        else:
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            field.errors.append(str(message))
    stale = isinstance(refusal, ChangedMeanwhile) and refusal.current_version is not None
    if stale and hasattr(form, "version"):
        form.version.data = str(refusal.current_version)
    form.refusal_status = refusal.status


def submitted(form: FlaskForm, command: Callable[[], T]) -> T | None:
    """The command's result if the form is valid and the service accepts it, else None."""
    if not form.validate_on_submit():
        return None
    try:
        return command()
    except Invalid as refusal:
        db.session.rollback()
        show_refusal(form, refusal)
        return None


def form_status(form: FlaskForm) -> int:
    """200 for a fresh form, 400 for invalid input, 409 for a stale write."""
    if not form.is_submitted() or not form.errors:
        return 200
    return getattr(form, "refusal_status", 400)
