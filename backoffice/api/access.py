"""Who is calling: the bearer token, its scope and its rate, checked before every API view.

The API ignores cookies: API requests get a null session (`NoCookiesForTheApi`), so a
browser's sign-in neither authenticates an API call nor gets a cookie back, and no
CSRF token is needed (the blueprint is exempt; a cross-site page cannot set the
Authorization header).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, g, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import TooManyRequests, Unauthorized

from backoffice.api.rate_limit import retry_after
from backoffice.api.tokens import authenticate
from backoffice.errors import NotAllowed
from backoffice.extensions import login_manager

# Readable without a token: the API's description of itself.
PUBLIC_ENDPOINTS = frozenset({"api.openapi_json", "api.docs"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _bearer() -> str:
    kind, _space, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if kind.lower() == "bearer" else ""


class NoCookiesForTheApi(SecureCookieSessionInterface):
    """The app's cookie sessions, except under /api/: no session read, none written."""

    def open_session(self, app: Flask, request: Request) -> Any:  # noqa: ANN401
        if request.path.startswith("/api/"):
            return self.make_null_session(app)
        return super().open_session(app, request)


def check_caller() -> None:
    """`before_request` of the API blueprint: token → user, or 401; scope; rate (429)."""
    g._login_user = login_manager.anonymous_user()  # never read from a cookie
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    token = authenticate(_bearer())
    if token is None:
        raise Unauthorized(www_authenticate=WWWAuthenticate("bearer", {"realm": "api"}))
    g._login_user = token.user  # Flask-Login's current_user for this request only
    g.api_token = token
    if wait := retry_after(token.token_hash):
        raise TooManyRequests(retry_after=wait)
    if request.method in WRITE_METHODS and not token.may_write:
        raise NotAllowed()
