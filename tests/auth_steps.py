"""What the sign-in tests share: a clerk to sign in as, and signing in by the form.

Registered as a plugin in conftest.py, so the `clerk` fixture reaches test_auth*.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from backoffice.auth.models import Role
from tests.factories import make_user
from tests.helpers import submit

WRONG_PASSWORD_MESSAGE = "E-mail or password is wrong."


def try_login(client: FlaskClient, email: str, password: str, url: str = "/login") -> TestResponse:
    return submit(client, url, {"email": email, "password": password})


def is_signed_in(client: FlaskClient) -> bool:
    return client.get("/").status_code == 200


@pytest.fixture
def clerk(app: Flask) -> str:
    with app.app_context():
        return make_user("clara@example.com", Role.CLERK, "Clara Clerk").email
