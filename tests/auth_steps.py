"""What the sign-in tests share: signing in by the form and checking the result.

The clerk they sign in as is the `clerk` fixture in conftest.py.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.helpers import submit

WRONG_PASSWORD_MESSAGE = (
    "E-mail or password is wrong. After 5 failed attempts, signing in pauses for 15 minutes."
)


def try_login(
    client: FlaskClient, email: str, password: str, url: str = "/login", address: str = "127.0.0.1"
) -> TestResponse:
    """Post the sign-in form from client address `address`."""
    data = {"email": email, "password": password}
    return submit(client, url, data, environ_base={"REMOTE_ADDR": address})


def is_signed_in(client: FlaskClient) -> bool:
    return client.get("/").status_code == 200
