"""Sign-in throttling: per account and address, per address, per account; one answer and
one password check for every failure; failures that expire; racing sign-ins.

Deliberate changes from the per-account lock this replaces: a locked pair answers with
the same message as a wrong password (it used to say "Too many failed attempts", which
told that the account exists), and the lock holds one address, not the whole account.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from backoffice.auth import service as auth_service
from backoffice.auth.service import authenticate
from backoffice.models import utcnow
from tests.auth_steps import WRONG_PASSWORD_MESSAGE, is_signed_in, try_login
from tests.helpers import DEMO_PASSWORD, csrf_token, field_error, stored_user

WRONG = "guess-guess-guess"
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


@pytest.fixture
def verified_hashes(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every password hash sign-in verifies a password against, in order."""
    calls: list[str] = []
    lock = threading.Lock()
    real = auth_service.verify_password

    def counting(password_hash: str, password: str) -> bool:
        with lock:
            calls.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(auth_service, "verify_password", counting)
    return calls


def fail_until_locked(app: Flask, client: FlaskClient, email: str, address: str) -> None:
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        response = try_login(client, email, WRONG, address=address)
        assert field_error(response.get_data(as_text=True), "password") == WRONG_PASSWORD_MESSAGE


# --- the pair lock and who it holds -------------------------------------------------------


def test_too_many_failures_refuse_even_the_right_password_from_that_address(
    app: Flask, client: FlaskClient, clerk: str
):
    fail_until_locked(app, client, clerk, ATTACKER)

    response = try_login(client, clerk, DEMO_PASSWORD, address=ATTACKER)

    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "password") == WRONG_PASSWORD_MESSAGE
    assert not is_signed_in(client)


def test_the_owner_signs_in_from_another_address_while_the_attacker_is_locked(
    app: Flask, client: FlaskClient, clerk: str
):
    fail_until_locked(app, client, clerk, ATTACKER)
    assert try_login(client, clerk, DEMO_PASSWORD, address=ATTACKER).status_code == 400

    owner = app.test_client()
    response = try_login(owner, clerk, DEMO_PASSWORD, address=OWNER)

    assert response.status_code == 302
    assert is_signed_in(owner)


def test_one_address_failing_on_many_accounts_is_locked(app: Flask, client: FlaskClient):
    from tests.factories import make_user

    with app.app_context():
        emails = [make_user().email for _ in range(3)]
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 4
    try:
        for email in emails[:2]:
            for _ in range(2):
                try_login(client, email, WRONG, address=ATTACKER)
        # A password spray: the fifth failure from this address, on a fresh account.
        assert try_login(client, emails[2], DEMO_PASSWORD, address=ATTACKER).status_code == 400
        assert try_login(client, emails[2], DEMO_PASSWORD, address=OWNER).status_code == 302
    finally:
        app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 50


def test_an_account_failing_from_many_addresses_is_slowed_not_locked(app: Flask, clerk: str):
    app.config["LOGIN_ACCOUNT_SLOW_AFTER"] = 3
    pause = timedelta(seconds=app.config["LOGIN_ACCOUNT_SLOW_SECONDS"])
    now = utcnow()
    try:
        with app.app_context():
            for i in range(3):
                assert authenticate(clerk, WRONG, f"192.0.2.{i}", now=now) is None
            # The next attempt, from yet another address, must wait a little ...
            assert authenticate(clerk, DEMO_PASSWORD, "192.0.2.50", now=now) is None
            # ... and then gets in.
            later = now + pause + timedelta(seconds=1)
            assert authenticate(clerk, DEMO_PASSWORD, "192.0.2.50", now=later) is not None
    finally:
        app.config["LOGIN_ACCOUNT_SLOW_AFTER"] = 100


# --- one answer, one password check -------------------------------------------------------


def test_every_failure_answers_alike_and_checks_one_password(
    app: Flask, client: FlaskClient, clerk: str, verified_hashes: list[str]
):
    """Unknown account, wrong password, locked pair: same status, same message, and one
    argon2 verification each (against the dummy hash when the real one must not be tried)."""
    fail_until_locked(app, client, clerk, ATTACKER)
    verified_hashes.clear()
    clerk_hash = stored_user(app, clerk).password_hash

    answers = []
    for email, password, address in [
        ("nobody@example.com", WRONG, OWNER),  # unknown account
        (clerk, WRONG, OWNER),  # wrong password
        (clerk, DEMO_PASSWORD, ATTACKER),  # locked pair, right password
    ]:
        before = len(verified_hashes)
        response = try_login(client, email, password, address=address)
        answers.append(
            (response.status_code, field_error(response.get_data(as_text=True), "password"))
        )
        assert len(verified_hashes) == before + 1

    assert answers == [(400, WRONG_PASSWORD_MESSAGE)] * 3
    assert verified_hashes[-1] != clerk_hash  # the locked pair did not try the real password


def test_unknown_accounts_are_throttled_like_known_ones(app: Flask, client: FlaskClient):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        try_login(client, "nobody@example.com", WRONG, address=ATTACKER)
    response = try_login(client, "nobody@example.com", WRONG, address=ATTACKER)
    assert field_error(response.get_data(as_text=True), "password") == WRONG_PASSWORD_MESSAGE


# --- windows and locks in time ------------------------------------------------------------


def test_lock_lasts_login_lock_minutes(app: Flask, clerk: str):
    start = utcnow()
    lock = timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"])
    with app.app_context():
        for _ in range(app.config["LOGIN_MAX_FAILURES"]):
            assert authenticate(clerk, WRONG, ATTACKER, now=start) is None

        just_before = start + lock - timedelta(seconds=1)
        assert authenticate(clerk, DEMO_PASSWORD, ATTACKER, now=just_before) is None

        user = authenticate(clerk, DEMO_PASSWORD, ATTACKER, now=start + lock + timedelta(seconds=1))
        assert user is not None and user.email == clerk


def test_a_successful_sign_in_resets_the_failure_count(app: Flask, clerk: str):
    below_limit = app.config["LOGIN_MAX_FAILURES"] - 1
    now = utcnow()
    with app.app_context():
        for _ in range(below_limit):
            authenticate(clerk, WRONG, OWNER, now=now)
        assert authenticate(clerk, DEMO_PASSWORD, OWNER, now=now) is not None
        for _ in range(below_limit):
            authenticate(clerk, WRONG, OWNER, now=now)
        # Had the earlier failures still counted, the pair would be locked now.
        assert authenticate(clerk, DEMO_PASSWORD, OWNER, now=now) is not None


def test_failures_spread_beyond_the_window_never_lock(app: Flask, clerk: str):
    window = timedelta(minutes=app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    now = utcnow()
    with app.app_context():
        for i in range(app.config["LOGIN_MAX_FAILURES"] * 2):
            at = now + i * (window + timedelta(seconds=1))
            assert authenticate(clerk, WRONG, OWNER, now=at) is None
        later = now + 10 * (window + timedelta(seconds=1))
        assert authenticate(clerk, DEMO_PASSWORD, OWNER, now=later) is not None


def test_failures_within_the_window_of_each_other_lock(app: Flask, clerk: str):
    """The window runs from the previous failure, so steady guessing never escapes it."""
    step = timedelta(minutes=app.config["LOGIN_FAILURE_WINDOW_MINUTES"]) - timedelta(seconds=1)
    now = utcnow()
    failures = app.config["LOGIN_MAX_FAILURES"]
    with app.app_context():
        for i in range(failures):
            assert authenticate(clerk, WRONG, OWNER, now=now + i * step) is None
        assert authenticate(clerk, DEMO_PASSWORD, OWNER, now=now + (failures - 1) * step) is None


# --- racing sign-ins ----------------------------------------------------------------------


def test_parallel_wrong_sign_ins_check_at_most_the_limit_of_passwords(
    app: Flask, clerk: str, verified_hashes: list[str]
):
    """Twenty browsers guess at once from one address: the count is atomic, so no more
    than LOGIN_MAX_FAILURES guesses are tried against the real password."""
    clerk_hash = stored_user(app, clerk).password_hash
    clients = [app.test_client() for _ in range(20)]
    tokens = [csrf_token(c, "/login") for c in clients]
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def guess(c: FlaskClient, token: str) -> None:
        start.wait()
        response = c.post(
            "/login",
            data={"csrf_token": token, "email": clerk, "password": WRONG},
            environ_base={"REMOTE_ADDR": ATTACKER},
        )
        statuses.append(response.status_code)

    threads = [
        threading.Thread(target=guess, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [400] * 20
    assert 0 < verified_hashes.count(clerk_hash) <= app.config["LOGIN_MAX_FAILURES"]
    assert len(verified_hashes) == 20  # every one did the same work
    refused = try_login(app.test_client(), clerk, DEMO_PASSWORD, address=ATTACKER)
    assert refused.status_code == 400  # the pair is locked
