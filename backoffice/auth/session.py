"""Flask-Login wiring: how a session maps to a user.

Flask-Login keeps `User.get_id()` (the session's random token) in the session cookie and,
with "keep me signed in", in the remember-me cookie; the loader looks the token up in
`user_sessions`. A cookie of a signed-out session, or of the former format, finds no row
and is treated as signed out.
"""

from __future__ import annotations

from flask import Flask

from backoffice.extensions import login_manager
from backoffice.i18n import lazy_gettext as _l


def init_login(app: Flask) -> None:
    from backoffice.auth.models import User
    from backoffice.auth.user_sessions import user_for_token

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str) -> User | None:
        return user_for_token(token)
