"""One home for the organisation's time zone, day and language, and the reader's locale.

Times are stored in UTC. They are shown in the organisation's zone whoever reads them,
and every "today", quarter or business day is counted in that zone too. Pages and
downloads use the reader's language; a mail uses its recipient's, else the
organisation's (which is also the language of the CLI's printouts and of texts stored
once for everyone).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from flask import current_app, g, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from flask_login import current_user

from backoffice.models import utcnow

T = TypeVar("T")

LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "nl": "Nederlands"}


def N_(message: str) -> str:  # noqa: N802  (the name `pybabel extract` looks for)
    """Mark `message` for the catalogue and keep it as it is: for a text stored once and
    translated when shown (see `tickets.events.system_note`)."""
    return message


def org_timezone_name() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def org_timezone() -> ZoneInfo:
    """The zone in which the organisation's days begin and end."""
    return ZoneInfo(org_timezone_name())


def org_now() -> datetime:
    return utcnow().astimezone(org_timezone())


def org_today() -> date:
    """Today as the office sees it (not the server's, not UTC's)."""
    return org_now().date()


def org_day(moment: datetime) -> date:
    """The office's day at `moment` (an aware time): what "today" was then."""
    return moment.astimezone(org_timezone()).date()


def org_language() -> str:
    """The language of documents that go to everyone: agenda, minutes, deadline mails."""
    return current_app.config["ORG_LOCALE"]


def recipient_language(user: object) -> str:
    """The language of a mail to `user`: their own choice, else the organisation's."""
    locale = getattr(user, "locale", None)
    return locale if locale in current_app.config["LANGUAGES"] else org_language()


def default_language() -> str:
    """The language of texts stored once for everyone (e.g. timeline notes)."""
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _remembered_per_locale(name: str, make: Callable[[], T]) -> T:
    """`make()` for the locale in force, remembered beside it for the rest of the request.

    Reading Flask-Babel's state goes through several context-local lookups (about 10 µs
    per `gettext` or `get_locale`); a list page asks a few hundred times. The value is
    kept on Flask-Babel's own per-request namespace, keyed by the locale object it chose,
    so `force_locale` (which swaps that object) gets its own without being asked.
    """
    state = _babel_state()
    locale = getattr(state, "babel_locale", None)
    remembered = getattr(state, name, None)
    if locale is not None and remembered is not None and remembered[0] is locale:
        return remembered[1]
    value = make()  # may choose the locale (and make the namespace) when nothing has yet
    state = state or _babel_state()
    locale = getattr(state, "babel_locale", None)
    if locale is not None:
        setattr(state, name, (locale, value))
    return value


def _babel_state() -> Any:  # noqa: ANN401 (Flask-Babel's SimpleNamespace)
    try:
        return g._flask_babel
    except (AttributeError, RuntimeError):  # nothing chosen yet, or no app context
        return None


def current_locale() -> str:
    """The reader's language code ("en", "de", "nl"), for labels picked in Python."""
    return _remembered_per_locale(
        "backoffice_locale_code", lambda: str(get_locale() or default_language())
    )


def current_translations():  # noqa: ANN201 (babel.support.Translations or NullTranslations)
    """Flask-Babel's translations for the locale in force, looked up once per locale."""
    return _remembered_per_locale("backoffice_translations", get_translations)


def select_locale() -> str:
    """The user's saved preference, else the one chosen on the sign-in page, else the browser's."""
    if not has_request_context():  # a job or a command writes for everyone
        return org_language()
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or default_language()


def select_timezone() -> str:
    """Times are shown in the organisation's time zone, whoever looks at them."""
    return org_timezone_name()


def gettext(string: str, **variables: object) -> str:
    """Flask-Babel's `gettext`, reading `current_translations` (the same text, faster)."""
    text = current_translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: object) -> str:
    """Flask-Babel's `ngettext`, reading `current_translations`."""
    variables.setdefault("num", num)
    return current_translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables: object) -> LazyString:
    """Flask-Babel's `lazy_gettext` (translated when shown), reading `current_translations`."""
    return LazyString(gettext, string, **variables)
