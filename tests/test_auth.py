"""Signing in and out, safe redirects, language, preferences and `flask user create`."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from backoffice.auth.models import Role, User
from backoffice.extensions import db
from backoffice.models import utcnow
from tests.auth_steps import WRONG_PASSWORD_MESSAGE, is_signed_in, try_login
from tests.factories import make_user
from tests.helpers import (
    DEMO_PASSWORD,
    count,
    field_error,
    input_value,
    login,
    logout,
    stored_user,
    submit,
)

NEW_PASSWORD = "a-brand-new-secret"


# --- reading pages ------------------------------------------------------------------------


def page_language(html: str) -> str:
    match = re.search(r'<html lang="([^"]*)"', html)
    assert match, "no <html lang> on the page"
    return match.group(1)


# --- signing in and out -------------------------------------------------------------------


def test_sign_in_shows_my_work_and_sign_out_ends_the_session(client: FlaskClient, clerk: str):
    response = login(client, clerk)
    assert urlsplit(response.headers["Location"]).path == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "Clara Clerk" in page.get_data(as_text=True)

    response = logout(client)
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert "You are signed out." in client.get("/login").get_data(as_text=True)
    assert not is_signed_in(client)


def test_sign_out_also_forgets_keep_me_signed_in(client: FlaskClient, clerk: str):
    submit(client, "/login", {"email": clerk, "password": DEMO_PASSWORD, "remember": "y"})
    assert client.get_cookie("remember_token") is not None

    logout(client)

    assert client.get_cookie("remember_token") is None
    assert not is_signed_in(client)


def test_sign_in_records_the_time(app: Flask, client: FlaskClient, clerk: str):
    before = utcnow()
    login(client, clerk)
    last_login = stored_user(app, clerk).last_login_dt
    assert last_login is not None and last_login >= before - timedelta(seconds=1)


def test_wrong_password_shows_error_at_the_field_and_keeps_the_email(
    client: FlaskClient, clerk: str
):
    response = try_login(client, "Clara@Example.com", "not-the-password")

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(html, "password") == WRONG_PASSWORD_MESSAGE
    assert input_value(html, "email") == "Clara@Example.com"
    assert not input_value(html, "password")  # a password is never sent back
    assert not is_signed_in(client)


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client: FlaskClient):
    response = try_login(client, "nobody@example.com", DEMO_PASSWORD)
    assert field_error(response.get_data(as_text=True), "password") == WRONG_PASSWORD_MESSAGE
    assert not is_signed_in(client)


def test_email_is_matched_regardless_of_case(client: FlaskClient, clerk: str):
    response = try_login(client, "CLARA@example.COM", DEMO_PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_inactive_user_is_refused(app: Flask, client: FlaskClient):
    with app.app_context():
        make_user("gone@example.com", is_active_user=False)

    response = try_login(client, "gone@example.com", DEMO_PASSWORD)

    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "password") == WRONG_PASSWORD_MESSAGE
    assert not is_signed_in(client)


def test_deactivated_user_loses_an_open_session(app: Flask, client: FlaskClient, clerk: str):
    login(client, clerk)
    with app.app_context():
        db.session.scalar(select(User).where(User.email == clerk)).is_active_user = False
        db.session.commit()
    assert not is_signed_in(client)


# --- passwords ----------------------------------------------------------------------------


def test_passwords_are_stored_as_argon2_hashes(app: Flask, clerk: str):
    stored = stored_user(app, clerk).password_hash
    assert stored.startswith("$argon2")
    assert DEMO_PASSWORD not in stored


# --- where sign-in leads ------------------------------------------------------------------


@pytest.mark.parametrize(
    "protected", ["/", "/tickets/", "/tickets/new", "/preferences", "/admin/functions/"]
)
def test_pages_send_visitors_to_sign_in_and_back(client: FlaskClient, clerk: str, protected: str):
    response = client.get(protected)

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [protected]


def test_after_sign_in_the_visitor_lands_on_the_page_they_asked_for(
    client: FlaskClient, clerk: str
):
    login_url = client.get("/tickets/?status=new").headers["Location"]

    response = try_login(client, clerk, DEMO_PASSWORD, url=login_url)

    assert response.headers["Location"] == "/tickets/?status=new"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        " //evil.example",
        "/\t/evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_next_never_leads_off_site(client: FlaskClient, clerk: str, target: str):
    url = "/login?" + "next=" + target.replace("\\", "%5C").replace("\t", "%09").replace(" ", "+")

    response = try_login(client, clerk, DEMO_PASSWORD, url=url)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_signed_in_user_opening_login_goes_to_my_work(client: FlaskClient, clerk: str):
    login(client, clerk)
    response = client.get("/login")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/"


# --- language -----------------------------------------------------------------------------


def test_language_switch_on_the_login_page(client: FlaskClient):
    assert page_language(client.get("/login").get_data(as_text=True)) == "en"

    response = submit(client, "/language", {"locale": "de", "next": "/login"}, form_url="/login")

    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert page_language(client.get("/login").get_data(as_text=True)) == "de"


def test_language_switch_keeps_where_the_visitor_was_going(client: FlaskClient):
    html = client.get("/login?next=/tickets/").get_data(as_text=True)

    response = submit(
        client,
        "/language",
        {"locale": "de", "next": input_value(html, "next")},
        form_url="/login?next=/tickets/",
    )

    location = urlsplit(response.headers["Location"])
    assert (location.path, parse_qs(location.query)) == ("/login", {"next": ["/tickets/"]})


def test_language_switch_ignores_unknown_languages_and_foreign_next(client: FlaskClient):
    submit(client, "/language", {"locale": "nl"}, form_url="/login")

    response = submit(
        client,
        "/language",
        {"locale": "xx", "next": "https://evil.example/"},
        form_url="/login",
    )

    assert urlsplit(response.headers["Location"]).path == "/login"
    assert urlsplit(response.headers["Location"]).netloc in ("", "localhost")
    assert page_language(client.get("/login").get_data(as_text=True)) == "nl"


def test_browser_language_is_used_until_one_is_chosen(client: FlaskClient):
    response = client.get("/login", headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"})
    assert page_language(response.get_data(as_text=True)) == "nl"


def test_saved_language_of_a_user_wins(app: Flask, client: FlaskClient):
    with app.app_context():
        make_user("dora@example.com", locale="de")
    login(client, "dora@example.com")

    response = client.get("/", headers={"Accept-Language": "nl"})

    assert page_language(response.get_data(as_text=True)) == "de"


# --- preferences --------------------------------------------------------------------------


def test_preferences_save_the_language(app: Flask, client: FlaskClient, clerk: str):
    login(client, clerk)

    response = submit(client, "/preferences", {"locale": "nl"})

    assert response.status_code == 302
    assert page_language(client.get("/preferences").get_data(as_text=True)) == "nl"
    assert stored_user(app, clerk).locale == "nl"


def test_the_saved_message_comes_in_the_language_just_chosen(client: FlaskClient, clerk: str):
    login(client, clerk)

    response = submit(client, "/preferences", {"locale": "de"}, follow_redirects=True)

    assert "Einstellungen gespeichert." in response.get_data(as_text=True)
    assert "Your preferences are saved." not in response.get_data(as_text=True)


def test_preferences_change_the_password(app: Flask, client: FlaskClient, clerk: str):
    login(client, clerk)
    other_session = app.test_client()
    login(other_session, clerk)
    change = {"locale": "", "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    wrong = submit(client, "/preferences", {**change, "current_password": "not-my-password"})
    assert field_error(wrong.get_data(as_text=True), "current_password") == (
        "Your current password is not right."
    )
    response = submit(
        client,
        "/preferences",
        {**change, "current_password": DEMO_PASSWORD},
        follow_redirects=True,
    )
    assert "Your preferences are saved." in response.get_data(as_text=True)
    assert is_signed_in(client)  # this session goes on
    assert not is_signed_in(other_session)  # the other one ended with the old password
    logout(client)

    refused = try_login(client, clerk, DEMO_PASSWORD)
    assert field_error(refused.get_data(as_text=True), "password") == WRONG_PASSWORD_MESSAGE
    login(client, clerk, NEW_PASSWORD)
    assert is_signed_in(client)
    assert stored_user(app, clerk).password_hash.startswith("$argon2")


@pytest.mark.parametrize(
    ("new", "confirm", "field", "message"),
    [
        (NEW_PASSWORD, "something-else", "confirm_password", "The passwords do not match."),
        ("short", "short", "new_password", "Field must be between 10 and 200 characters long."),
    ],
)
def test_preferences_refuse_a_bad_new_password(
    client: FlaskClient, clerk: str, new: str, confirm: str, field: str, message: str
):
    login(client, clerk)

    response = submit(
        client, "/preferences", {"locale": "", "new_password": new, "confirm_password": confirm}
    )

    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), field) == message
    logout(client)
    login(client, clerk, DEMO_PASSWORD)  # the old password still works


# --- flask user create --------------------------------------------------------------------


def test_cli_creates_a_user_who_can_sign_in(
    app: Flask, runner: FlaskCliRunner, client: FlaskClient
):
    result = runner.invoke(
        args=["user", "create", "Olga@Example.com", "--role", "owner"], input="longpassword1\n"
    )

    assert result.exit_code == 0, result.output
    assert "Created olga@example.com (owner)." in result.output
    user = stored_user(app, "olga@example.com")
    assert user.role is Role.OWNER
    assert user.name == "Olga"
    assert user.password_hash.startswith("$argon2")
    assert "longpassword1" not in user.password_hash
    login(client, "olga@example.com", "longpassword1")


def test_cli_refuses_a_short_password(app: Flask, runner: FlaskCliRunner):
    result = runner.invoke(args=["user", "create", "olga@example.com"], input="short\n")

    assert result.exit_code != 0
    assert "The password needs at least 10 characters." in result.output
    assert count(app, User) == 0


def test_cli_refuses_a_duplicate_email(app: Flask, runner: FlaskCliRunner):
    first = runner.invoke(args=["user", "create", "olga@example.com"], input="longpassword1\n")
    assert first.exit_code == 0, first.output

    result = runner.invoke(args=["user", "create", "OLGA@example.com"], input="longpassword2\n")

    assert result.exit_code != 0
    assert "A user with e-mail OLGA@example.com exists already." in result.output
    assert count(app, User) == 1


def test_cli_refuses_an_unknown_role(app: Flask, runner: FlaskCliRunner):
    result = runner.invoke(
        args=["user", "create", "olga@example.com", "--role", "boss"], input="longpassword1\n"
    )
    assert result.exit_code != 0
    assert "'boss' is not one of" in result.output
    assert count(app, User) == 0
