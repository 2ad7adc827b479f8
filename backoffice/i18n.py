"""Locale and time zone selection for Flask-Babel."""

from __future__ import annotations

from flask import current_app, request, session
from flask_login import current_user

LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "nl": "Nederlands"}


def select_locale() -> str:
    """The user's saved preference, else the one chosen on the sign-in page, else the browser's."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone() -> str:
    """Times are shown in the organisation's time zone, whoever looks at them."""
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]
