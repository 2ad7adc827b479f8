"""Error pages (HTML) and JSON errors; no stack trace ever reaches a user."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from backoffice.extensions import db


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _render(status: int, title: str, message: str):  # noqa: ANN202
    if _wants_json():
        return jsonify(error={"status": status, "title": title, "message": message}), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_errors(app: Flask) -> None:
    messages = {
        400: lambda: (_("Bad request"), _("The request could not be understood.")),
        403: lambda: (_("Not allowed"), _("You are not allowed to do this.")),
        404: lambda: (_("Not found"), _("There is nothing at this address.")),
        405: lambda: (_("Not allowed"), _("This action is not available here.")),
        413: lambda: (_("Too large"), _("The upload is larger than allowed.")),
        429: lambda: (_("Too many requests"), _("Please wait a moment and try again.")),
    }

    @app.errorhandler(CSRFError)
    def handle_csrf(error: CSRFError):  # noqa: ANN202
        return _render(
            400,
            _("Form expired"),
            _("The form was too old or incomplete. Please go back, reload and try again."),
        )

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):  # noqa: ANN202
        if error.code in messages:
            title, message = messages[error.code]()
            return _render(error.code, title, message)
        return _render(error.code or 500, error.name, error.description or "")

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):  # noqa: ANN202
        if isinstance(error, HTTPException):
            return handle_http(error)
        db.session.rollback()
        app.logger.exception("Unhandled error on %s", request.path)
        return _render(
            InternalServerError.code,
            _("Something went wrong"),
            _("The error was logged. Please try again or tell your administrator."),
        )
