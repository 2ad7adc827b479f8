"""Flask-Login wiring: how a session maps to a user."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from backoffice.extensions import db, login_manager


def init_login(app: Flask) -> None:
    from backoffice.auth.models import User

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        user_id, _, password_tag = session_id.partition(":")
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or user.password_hash[-16:] != password_tag:
            return None
        return user
