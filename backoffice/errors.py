"""One way to refuse, and the error pages: no stack trace ever reaches a user.

A service refuses by raising one of three exceptions; views do not catch per case:

- `Invalid(field → message)`: the input cannot be saved. `backoffice.form_submission`
  puts each message at its field (the input stays) and the page answers 400.
- `ChangedMeanwhile`: someone saved the same thing first (optimistic locking). The form
  comes back with "changed meanwhile", the input kept and the new version, answering 409.
- `NotAllowed`: this user may not do this. The app answers 403, wherever it is raised.

A missing object is a 404 (`db.get_or_404`, `abort(404)`).

Requests to the JSON API (`/api/...`) get every refusal as RFC 9457
`application/problem+json`: `Invalid` is a 422 with `errors` (field → message),
`ChangedMeanwhile` a 412 when the client's `If-Match` named an older version (else 409),
`NotAllowed` a 403. Other JSON clients get `{"error": {...}}`.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.i18n import lazy_gettext as _l


class Invalid(ValueError):
    """The data cannot be saved; `errors` maps each form field to its message.

    The field `""` stands for the form as a whole (shown above it).
    """

    status = 400

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__(errors)
        self.errors = errors


class ChangedMeanwhile(Invalid):
    """Someone else changed the record since the form was opened (optimistic locking).

    `current_version` is what the form should carry now, so saving again overwrites
    knowingly.
    """

    status = 409

    def __init__(self, current_version: int | None = None) -> None:
        super().__init__(
            {
                "": _l(
                    "Someone else changed this while you were editing. Your text is kept "
                    "below; please check the current state and save again."
                )
            }
        )
        self.current_version = current_version


class NotAllowed(Exception):
    """This user may not do this (HTTP 403)."""


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def problem(status: int, title: str, detail: str = "", **extra: Any) -> Response:
    """An RFC 9457 problem document (`type` about:blank: the status says what happened)."""
    body = {"type": "about:blank", "title": str(title), "status": status, **extra}
    if detail:
        body["detail"] = str(detail)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def _if_match_version() -> int | None:
    digits = "".join(ch for ch in request.headers.get("If-Match", "") if ch.isdigit())
    return int(digits) if digits and len(digits) < 10 else None


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _render(status: int, title: str, message: str):  # noqa: ANN202
    if is_api_request():
        return problem(status, title, message)
    if _wants_json():
        return jsonify(error={"status": status, "title": title, "message": message}), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_errors(app: Flask) -> None:
    messages = {
        400: lambda: (_("Bad request"), _("The request could not be understood.")),
        401: lambda: (_("Token needed"), _("Send a valid API token: Authorization: Bearer …")),
        403: lambda: (_("Not allowed"), _("You are not allowed to do this.")),
        404: lambda: (_("Not found"), _("There is nothing at this address.")),
        405: lambda: (_("Not allowed"), _("This action is not available here.")),
        413: lambda: (_("Too large"), _("The upload is larger than allowed.")),
        415: lambda: (_("Unsupported type"), _("Send this request as JSON.")),
        428: lambda: (_("Version needed"), _("Send If-Match with the ETag you last read.")),
        429: lambda: (_("Too many requests"), _("Please wait a moment and try again.")),
    }

    @app.errorhandler(NotAllowed)
    def handle_not_allowed(error: NotAllowed):  # noqa: ANN202
        db.session.rollback()
        return _render(403, *messages[403]())

    @app.errorhandler(Invalid)
    def handle_invalid(error: Invalid):  # noqa: ANN202
        """Pages catch `Invalid` at their form (form_submission); the API answers here."""
        db.session.rollback()
        errors = {field: str(message) for field, message in error.errors.items()}
        if isinstance(error, ChangedMeanwhile):
            stale = _if_match_version() not in (None, error.current_version)
            status = 412 if stale else 409
            title = _("Changed meanwhile")
            if is_api_request():
                return problem(status, title, errors.get("", ""), version=error.current_version)
            return _render(409, title, errors.get("", ""))
        if is_api_request():
            extra = getattr(error, "problem_members", {})  # e.g. an import's rows
            return problem(422, _("Invalid input"), errors.pop("", ""), errors=errors, **extra)
        return _render(400, _("Bad request"), " ".join(errors.values()))

    @app.errorhandler(StaleDataError)
    def handle_stale_write(error: StaleDataError):  # noqa: ANN202
        """The safety net: a stale write no service turned into `ChangedMeanwhile` is a 409."""
        db.session.rollback()
        app.logger.warning("Stale write on %s: %s", request.path, error)
        return _render(
            409,
            _("Changed meanwhile"),
            _(
                "Someone else changed this while you were working on it, so nothing was saved. "
                "Please go back, reload the page and try again."
            ),
        )

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
            response = _render(error.code, title, message)
        else:
            response = _render(error.code or 500, error.name, error.description or "")
        if isinstance(response, tuple):
            response = app.make_response(response)
        for name, value in error.get_headers():  # Allow, Retry-After, WWW-Authenticate
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

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
