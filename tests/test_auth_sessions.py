"""Sign-in sessions held in the database: sign-out ends every copy of the cookies, sign
out everywhere (oneself, an administrator), what the cookies carry, expiry, proxies."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from backoffice import create_app
from backoffice.auth.models import Role, UserSession
from backoffice.extensions import db
from backoffice.models import utcnow
from tests.admin_steps import user_form
from tests.auth_steps import is_signed_in
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD, login, logout, stored_user, submit, table_rows

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def copy_cookies(app: Flask, source: FlaskClient, *names: str) -> FlaskClient:
    """A new browser holding copies of `source`'s cookies `names` (and no others)."""
    thief = app.test_client()
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, f"no {name} cookie"
        thief.set_cookie(name, cookie.value)
    return thief


def remember_me(client: FlaskClient, email: str, **kwargs: object) -> None:
    data = {"email": email, "password": DEMO_PASSWORD, "remember": "y"}
    assert submit(client, "/login", data, **kwargs).status_code == 302


def session_rows(app: Flask) -> list[UserSession]:
    with app.app_context():
        return list(db.session.scalars(select(UserSession)))


# --- sign-out ends every copy -------------------------------------------------------------


def test_a_copied_session_cookie_is_refused_after_sign_out(
    app: Flask, client: FlaskClient, clerk: str
):
    login(client, clerk)
    copy = copy_cookies(app, client, "session")
    assert is_signed_in(copy)

    logout(client)

    assert not is_signed_in(copy)


def test_a_copied_remember_me_cookie_alone_is_refused_after_sign_out(
    app: Flask, client: FlaskClient, clerk: str
):
    remember_me(client, clerk)
    copy = copy_cookies(app, client, "remember_token")
    assert is_signed_in(copy)  # the remember-me cookie alone opens pages ...

    logout(client)

    assert not is_signed_in(copy)  # ... until its session is signed out


def test_remember_me_lasts_remember_days(app: Flask, client: FlaskClient, clerk: str):
    remember_me(client, clerk)
    (row,) = session_rows(app)
    lifetime = row.expires_dt - row.created_dt
    assert lifetime == timedelta(days=app.config["REMEMBER_DAYS"]) == timedelta(days=30)
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=30)


def test_an_idle_session_ends_but_a_remembered_one_goes_on(app: Flask, clerk: str):
    idle, remembered = app.test_client(), app.test_client()
    login(idle, clerk)
    remember_me(remembered, clerk)
    long_ago = utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_dt=long_ago))
        db.session.commit()

    assert not is_signed_in(idle)
    assert is_signed_in(remembered)


def test_last_seen_is_written_at_most_every_few_minutes(
    app: Flask, client: FlaskClient, clerk: str
):
    login(client, clerk)
    (row,) = session_rows(app)
    for _ in range(3):
        client.get("/")
    assert session_rows(app)[0].last_seen_dt == row.last_seen_dt

    earlier = utcnow() - timedelta(minutes=app.config["SESSION_TOUCH_MINUTES"] + 1)
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_dt=earlier))
        db.session.commit()
    client.get("/")
    assert session_rows(app)[0].last_seen_dt > earlier + timedelta(minutes=1)


# --- what the cookie carries --------------------------------------------------------------


def test_the_session_cookie_carries_an_opaque_token_and_nothing_of_the_password(
    app: Flask, client: FlaskClient, clerk: str
):
    login(client, clerk)
    serializer = app.session_interface.get_signing_serializer(app)
    content = serializer.loads(client.get_cookie("session").value)
    password_hash = stored_user(app, clerk).password_hash

    token = content["_user_id"]
    readable = repr(content)
    pieces = {password_hash[i : i + 8] for i in range(len(password_hash) - 7)}
    assert not any(piece in readable for piece in pieces)
    assert len(token) >= 40
    (row,) = session_rows(app)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(row.__dict__)  # the database holds only the hash


@pytest.mark.parametrize("former", ["1:abcdefabcdefabcd", "not-a-session", "9" * 40])
def test_cookies_of_the_former_format_are_simply_signed_out(
    app: Flask, client: FlaskClient, clerk: str, former: str
):
    with app.test_request_context():
        cookie = app.session_interface.get_signing_serializer(app).dumps({"_user_id": former})
    client.set_cookie("session", cookie)

    response = client.get("/")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


# --- sign out everywhere ------------------------------------------------------------------


def test_a_user_sees_their_sessions_and_signs_out_everywhere_else(
    app: Flask, client: FlaskClient, clerk: str
):
    phone, laptop = app.test_client(), app.test_client()
    login(client, clerk)
    remember_me(phone, clerk, headers={"User-Agent": FIREFOX})
    login(laptop, clerk)

    rows = table_rows(client.get("/preferences").get_data(as_text=True))
    assert len(rows) == 3
    assert any(row[0] == "Firefox · Windows" for row in rows)
    assert sum("(this browser)" in row[0] for row in rows) == 1

    response = submit(
        client, "/preferences/sessions/end", form_url="/preferences", follow_redirects=True
    )

    assert "You are signed out everywhere else." in response.get_data(as_text=True)
    assert is_signed_in(client)
    assert not is_signed_in(phone)
    assert not is_signed_in(laptop)
    assert len(table_rows(client.get("/preferences").get_data(as_text=True))) == 1


def test_an_administrator_signs_a_user_out_everywhere(app: Flask, client: FlaskClient, admin: str):
    with app.app_context():
        carl = make_user("carl@example.com", Role.CLERK, "Carl Clerk").id
    browsers = [app.test_client(), app.test_client()]
    login(browsers[0], "carl@example.com")
    remember_me(browsers[1], "carl@example.com")
    login(client, admin)
    assert len(table_rows(client.get(f"/admin/users/{carl}").get_data(as_text=True))) == 2

    response = submit(client, f"/admin/users/{carl}/sessions/end", form_url=f"/admin/users/{carl}")

    assert response.status_code == 302
    assert not any(is_signed_in(browser) for browser in browsers)
    assert is_signed_in(client)
    assert "Not signed in anywhere." in client.get(f"/admin/users/{carl}").get_data(as_text=True)


def test_only_an_administrator_may_sign_others_out(app: Flask, client: FlaskClient, clerk: str):
    with app.app_context():
        other = make_user("carl@example.com").id
    carl = app.test_client()
    login(carl, "carl@example.com")
    login(client, clerk)

    response = submit(client, f"/admin/users/{other}/sessions/end", form_url="/preferences")

    assert response.status_code == 403
    assert is_signed_in(carl)


@pytest.mark.parametrize(
    "change",
    [
        {"password": "a-brand-new-secret"},
        {"role": Role.OWNER},
        {"active": False},
    ],
    ids=["password", "role", "deactivated"],
)
def test_an_administrator_changing_password_role_or_activation_ends_the_sessions(
    app: Flask, client: FlaskClient, admin: str, change: dict
):
    with app.app_context():
        carl = make_user("carl@example.com", Role.CLERK, "Carl Clerk").id
    carls_browser = app.test_client()
    remember_me(carls_browser, "carl@example.com")
    login(client, admin)
    form = user_form("carl@example.com", "Carl Clerk", change.get("role", Role.CLERK))
    if "active" in change:
        form = user_form("carl@example.com", "Carl Clerk", Role.CLERK, active=False)
    form.update({"password": change.get("password", "")})

    assert submit(client, f"/admin/users/{carl}", form).status_code == 302

    assert not is_signed_in(carls_browser)


def test_an_administrator_renaming_a_user_keeps_their_sessions(
    app: Flask, client: FlaskClient, admin: str
):
    with app.app_context():
        carl = make_user("carl@example.com", Role.CLERK, "Carl Clerk").id
    carls_browser = app.test_client()
    login(carls_browser, "carl@example.com")
    login(client, admin)

    submit(client, f"/admin/users/{carl}", user_form("carl@example.com", "Carl K.", Role.CLERK))

    assert is_signed_in(carls_browser)


# --- proxies ------------------------------------------------------------------------------


def address_seen(app: Flask, forwarded_for: str) -> str:
    """Sign in with an X-Forwarded-For header; the address the session was recorded from."""
    browser = app.test_client()
    headers = {"X-Forwarded-For": forwarded_for}
    data = {"email": "clara@example.com", "password": DEMO_PASSWORD}
    assert submit(browser, "/login", data, headers=headers).status_code == 302
    with app.app_context():
        return db.session.scalars(select(UserSession.ip).order_by(UserSession.id.desc())).first()


def test_forwarded_for_is_ignored_without_proxy_hops(app: Flask, clerk: str):
    assert app.config["PROXY_FIX_HOPS"] == 0
    assert address_seen(app, "203.0.113.9") == "127.0.0.1"


def test_forwarded_for_is_trusted_for_the_configured_hops(app: Flask, clerk: str):
    behind_proxy = create_app({**app.config, "PROXY_FIX_HOPS": 1})
    try:
        # One hop: the address the load balancer saw, not one the client claimed before it.
        assert address_seen(behind_proxy, "198.51.100.1, 203.0.113.9") == "203.0.113.9"
    finally:
        with behind_proxy.app_context():
            db.engine.dispose()
