"""Sign-in throttling: a lock after repeated failures, and failures that expire."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from backoffice.auth.models import User
from backoffice.auth.service import LoginThrottled, authenticate
from backoffice.extensions import db
from backoffice.models import utcnow
from tests.auth_steps import WRONG_PASSWORD_MESSAGE, is_signed_in, try_login
from tests.helpers import DEMO_PASSWORD, field_error, login

WRONG = "guess-guess-guess"


def test_too_many_failures_refuse_even_the_right_password_until_the_lock_expires(
    app: Flask, client: FlaskClient, clerk: str
):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        response = try_login(client, clerk, WRONG)
        assert field_error(response.get_data(as_text=True), "password") == WRONG_PASSWORD_MESSAGE

    response = try_login(client, clerk, DEMO_PASSWORD)

    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "password").startswith(
        "Too many failed attempts. Try again after"
    )
    assert not is_signed_in(client)

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == clerk))
        user.locked_until_dt = utcnow() - timedelta(seconds=1)
        db.session.commit()
    login(client, clerk)
    assert is_signed_in(client)


def test_lock_lasts_login_lock_minutes(app: Flask, clerk: str):
    start = utcnow()
    lock = timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"])
    with app.app_context():
        for _ in range(app.config["LOGIN_MAX_FAILURES"]):
            assert authenticate(clerk, WRONG, now=start) is None

        with pytest.raises(LoginThrottled) as refused:
            authenticate(clerk, DEMO_PASSWORD, now=start + lock - timedelta(seconds=1))
        assert refused.value.until == start + lock

        user = authenticate(clerk, DEMO_PASSWORD, now=start + lock + timedelta(seconds=1))
        assert user is not None and user.email == clerk


def test_a_successful_sign_in_resets_the_failure_count(app: Flask, clerk: str):
    below_limit = app.config["LOGIN_MAX_FAILURES"] - 1
    now = utcnow()
    with app.app_context():
        for _ in range(below_limit):
            authenticate(clerk, WRONG, now=now)
        assert authenticate(clerk, DEMO_PASSWORD, now=now) is not None
        for _ in range(below_limit):
            authenticate(clerk, WRONG, now=now)
        # Had the earlier failures still counted, the account would be locked now.
        assert authenticate(clerk, DEMO_PASSWORD, now=now) is not None


def test_failures_spread_beyond_the_window_never_lock(app: Flask, clerk: str):
    window = timedelta(minutes=app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    now = utcnow()
    with app.app_context():
        for i in range(app.config["LOGIN_MAX_FAILURES"] * 2):
            assert authenticate(clerk, WRONG, now=now + i * (window + timedelta(seconds=1))) is None
        later = now + 10 * (window + timedelta(seconds=1))
        assert authenticate(clerk, DEMO_PASSWORD, now=later) is not None


def test_failures_within_the_window_of_each_other_lock(app: Flask, clerk: str):
    """The window runs from the previous failure, so steady guessing never escapes it."""
    step = timedelta(minutes=app.config["LOGIN_FAILURE_WINDOW_MINUTES"]) - timedelta(seconds=1)
    now = utcnow()
    failures = app.config["LOGIN_MAX_FAILURES"]
    with app.app_context():
        for i in range(failures):
            assert authenticate(clerk, WRONG, now=now + i * step) is None
        with pytest.raises(LoginThrottled):
            authenticate(clerk, DEMO_PASSWORD, now=now + (failures - 1) * step)
