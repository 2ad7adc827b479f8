"""Steps for API tests: a token for a user, and requests that carry it."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from backoffice.api.tokens import create_token
from tests.helpers import stored_user


def token_for(app: Flask, email: str, scope: str = "read-write", days: int = 90) -> str:
    """A personal token of this user, made as the preferences page makes it."""
    with app.app_context():
        return create_token(stored_user(app, email), "test", scope, days).secret


def bearer(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


class Api:
    """A test client that sends the token with every request."""

    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client, self.token = client, token

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.client.get(
            path, headers=bearer(self.token, **kwargs.pop("headers", {})), **kwargs
        )

    def post(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        headers = bearer(self.token, **kwargs.pop("headers", {}))
        return self.client.post(path, json=json, headers=headers, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        headers = bearer(self.token, **kwargs.pop("headers", {}))
        return self.client.patch(path, json=json, headers=headers, **kwargs)
