"""What the sign-in tests share: signing in by the form and checking the result.

The clerk they sign in as is the `clerk` fixture in conftest.py.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.helpers import submit

WRONG_PASSWORD_MESSAGE = "E-mail or password is wrong."


def try_login(client: FlaskClient, email: str, password: str, url: str = "/login") -> TestResponse:
    return submit(client, url, {"email": email, "password": password})


def is_signed_in(client: FlaskClient) -> bool:
    return client.get("/").status_code == 200
