"""The OpenAPI 3.1 document, generated from the views' pydantic models by Spectree.

Why Spectree: it decorates plain Flask view functions and reads the routes from the
app's URL map, so the API keeps this app's way of declaring routes (a `blueprint.py`
front door with `add_url_rule`) and its WTForms pages stay as they are. APIFlask would
replace the Flask class; flask-smorest brings its own Blueprint class and marshmallow.
Spectree writes 3.1 natively from pydantic 2's JSON Schema.

Spectree's own request-validation answer is replaced (`refuse_bad_request`): a bad field
becomes `Invalid` and so the same problem+json 422 as every other refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, abort, current_app, request
from spectree import Response, SecurityScheme, SpecTree
from spectree.models import SecuritySchemeData

from backoffice.api.schemas import Problem
from backoffice.errors import Invalid
from backoffice.i18n import gettext as _

spec = SpecTree(
    "flask",
    mode="strict",
    title="Backoffice handoff tracker API",
    version="1",
    description="Report, read and follow handoff defects. Every request carries "
    "`Authorization: Bearer <token>`; tokens are made on the preferences page. "
    "Errors are RFC 9457 problem documents (application/problem+json).",
    validation_error_status=422,
    validation_error_model=Problem,
    naming_strategy=lambda model: model.__name__,  # "TicketOut", not "TicketOut.0e5ca31"
    security_schemes=[
        SecurityScheme(name="bearer", data=SecuritySchemeData(type="http", scheme="bearer"))
    ],
    security={"bearer": []},
)

COMMON_ERRORS = (400, 401, 403, 429)


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("This field is not known.")
    if kind.startswith("string_too_long"):
        return _("At most %(n)d characters.", n=context.get("max_length", 0))
    if kind.startswith("string_too_short"):
        return _("This field cannot be empty.")
    if kind in ("string_pattern_mismatch",):
        return _("This value has the wrong format.")
    if kind in ("enum", "literal_error"):
        return _("This is not one of the allowed values.")
    if kind.startswith(("int_", "greater", "less", "decimal_", "float_")):
        return _("Please give a number in the allowed range.")
    if kind.startswith(("date_", "datetime_")):
        return _("Please give a date as YYYY-MM-DD.")
    return _("This value is not valid.")


def refuse_bad_request(req: Any, resp: Any, error: Any, instance: Any, adapter: Any) -> None:  # noqa: ANN401
    """Spectree's `before` hook: a request that does not fit the model is refused our way."""
    if error is None:
        return
    errors: dict[str, str] = {}
    for item in error.errors():
        location = [str(part) for part in item.get("loc", ())]
        if location[:1] == ["If-Match"]:
            abort(428)
        errors.setdefault(".".join(location), _message(item))
    raise Invalid(errors)


def requires_json(req: Any, resp: Any, error: Any, instance: Any, adapter: Any) -> None:  # noqa: ANN401
    """A body that is not JSON was never read by the model: 415, not a crash."""
    if not request.is_json:
        abort(415)
    refuse_bad_request(req, resp, error, instance, adapter)


def responses(ok: int, model: Any = None, *codes: int, ok_too: int | None = None) -> Response:  # noqa: ANN401
    """The documented answers: `ok` (and `ok_too`) with `model`, problems for each error code."""
    errors = {f"HTTP_{code}": Problem for code in sorted({*COMMON_ERRORS, *codes})}
    if model is None:
        return Response(f"HTTP_{ok}", **errors)
    answers = {f"HTTP_{code}": model for code in (ok, ok_too) if code}
    return Response(**answers, **errors)


def api_doc(resp: Response, tags: tuple[str, ...], json: bool = False, **options: Any) -> Callable:  # noqa: ANN401
    """`spec.validate` with this API's defaults: our refusals, responses serialised by the model."""
    return spec.validate(
        resp=resp,
        tags=tags,
        before=requires_json if json else refuse_bad_request,
        force_resp_serialize=True,
        **options,
    )


def _problem_content(document: dict[str, Any]) -> dict[str, Any]:
    """Spectree documents every body as application/json; problems are problem+json.

    Path arguments get the pattern the app enforces everywhere: no NUL (a 400).
    """
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if (
                    parameter["in"] == "path"
                    and schema.get("type") == "string"
                    and "enum" not in schema
                ):
                    schema["pattern"] = r"^[^\x00]+$"
            for code, answer in operation.get("responses", {}).items():
                content = answer.get("content", {})
                if code.startswith(("4", "5")) and "application/json" in content:
                    answer["content"] = {"application/problem+json": content["application/json"]}
    return document


def openapi_document(app: Flask | None = None) -> dict[str, Any]:
    """The document for this app, made once per app (its routes do not change)."""
    app = app or current_app
    key = "backoffice.openapi"
    if key not in app.extensions:
        document = spec._generate_spec()  # noqa: SLF001  per app, not Spectree's one cache
        app.extensions[key] = _problem_content(document)
    return app.extensions[key]
