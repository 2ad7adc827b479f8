"""Localisation: complete catalogues, pages in the user's language, locale-aware dates and money.

The completeness tests read the .po files themselves. The page tests need the compiled
.mo files, which `make test` builds (`make translations-compile`); they are not committed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from html import unescape
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.util import pathmatch
from flask import Flask
from flask.testing import FlaskClient

from backoffice.auth.models import Role
from backoffice.extensions import db
from tests.factories import make_category, make_ticket, make_user
from tests.helpers import login

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "backoffice" / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
LOCALES = ("de", "nl")

# What `make translations` extracts: babel.cfg with these keywords, in every directory but hidden
# ones. pybabel by default also skips directories starting with "_" (templates/_macros,
# templates/_partials), so the Makefile must pass --ignore-dirs='.* __pycache__ node_modules'.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
IGNORED_DIRS = re.compile(r"^(\..*|__pycache__|node_modules)$")

PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa%])")


# --- catalogues -------------------------------------------------------------------------


@cache
def catalogue(locale: str) -> Catalog:
    path = TEMPLATE if locale == "pot" else TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        return read_po(f, locale=None if locale == "pot" else locale)


def tr(locale: str, msgid: str) -> str:
    """What a user with `locale` reads for `msgid`, according to the catalogue."""
    if locale == "en":
        return msgid
    message = catalogue(locale).get(msgid)
    assert message is not None and message.string, f"{msgid!r} is not translated to {locale}"
    return message.string


def messages(catalog: Catalog) -> dict[tuple[str, str | None], Message]:
    return {(_singular(m), m.context): m for m in catalog if m.id}


def _singular(message: Message) -> str:
    return message.id[0] if message.pluralizable else message.id


def placeholders(text: str) -> set[tuple[str, str]]:
    return {(name, kind) for name, kind in PLACEHOLDER.findall(text) if kind != "%"}


def extracted_msgids() -> set[tuple[str, str | None]]:
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = extract_from_dir(
        ROOT,
        method_map,
        options_map,
        keywords=KEYWORDS,
        directory_filter=lambda path: not IGNORED_DIRS.match(Path(path).name),
    )
    return {
        (message[0] if isinstance(message, tuple) else message, context)
        for _filename, _lineno, message, _comments, context in found
    }


def test_template_is_up_to_date_with_the_sources() -> None:
    in_sources = extracted_msgids()
    in_template = set(messages(catalogue("pot")))
    new = sorted(msgid for msgid, _ in in_sources - in_template)
    gone = sorted(msgid for msgid, _ in in_template - in_sources)
    assert not new, f"not in messages.pot yet (run `make translations`, then translate): {new}"
    assert not gone, f"messages.pot has messages the code no longer uses: {gone}"
    assert any(
        filename.startswith("templates/_") for m in catalogue("pot") for filename, _ in m.locations
    ), "messages from templates/_macros and templates/_partials are missing from messages.pot"


def test_babel_cfg_covers_every_template() -> None:
    """A template type babel.cfg does not map (say a new `.css` or `.xml`) is never extracted."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, _options = parse_mapping_cfg(f)
    templates = (p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*"))
    unmapped = [
        path
        for path in templates
        if (ROOT / path).is_file()
        and not any(pathmatch(pattern, path) for pattern, _ in method_map)
    ]
    assert not unmapped, f"babel.cfg extracts no messages from {unmapped}"


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_translates_every_message(locale: str) -> None:
    catalog = catalogue(locale)
    template = messages(catalogue("pot"))
    translated = messages(catalog)
    assert not catalog.fuzzy, f"the header of {locale}/messages.po is marked fuzzy"
    assert set(translated) == set(template), (
        f"{locale}/messages.po is out of step with messages.pot (run `make translations`): "
        f"missing {sorted(m for m, _ in set(template) - set(translated))}, "
        f"extra {sorted(m for m, _ in set(translated) - set(template))}"
    )
    problems = []
    for key, message in translated.items():
        problems += _problems(message, template[key], catalog.num_plurals)
    assert not problems, f"{locale}/messages.po:\n" + "\n".join(problems)


def _problems(message: Message, original: Message, num_plurals: int) -> list[str]:
    if message.fuzzy:
        return [f"fuzzy: {original.id!r}"]
    if original.pluralizable != message.pluralizable or (
        original.pluralizable and tuple(original.id) != tuple(message.id)
    ):
        return [f"plural form differs from the template: {original.id!r}"]
    if not original.pluralizable:
        if not message.string:
            return [f"untranslated: {original.id!r}"]
        if placeholders(message.string) != placeholders(original.id):
            return [f"placeholders differ: {original.id!r} -> {message.string!r}"]
        return []
    singular, plural = (placeholders(text) for text in original.id)
    forms = list(message.string)
    if len(forms) != num_plurals or not all(forms):
        return [f"plural forms missing: {original.id!r} -> {forms!r}"]
    # The singular form may say "once" instead of "%(num)d", but must not invent placeholders.
    if not singular <= placeholders(forms[0]) <= singular | plural or any(
        placeholders(form) != plural for form in forms[1:]
    ):
        return [f"placeholders differ: {original.id!r} -> {forms!r}"]
    return []


# --- pages ------------------------------------------------------------------------------


@pytest.fixture
def compiled_catalogues() -> None:
    """Fail with a hint, not a puzzling assertion, when the .mo files are missing or stale."""
    for locale in LOCALES:
        po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            pytest.fail(
                f"{mo.relative_to(ROOT)} is missing or older than its .po: "
                "run `make translations-compile` (or `make test`)",
                pytrace=False,
            )


def page_text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} gave {response.status_code}"
    return unescape(response.get_data(as_text=True))


def sign_in(app: Flask, client: FlaskClient, locale: str | None) -> None:
    with app.app_context():
        user = make_user(role=Role.COORDINATOR, locale=locale)
        email = user.email
    login(client, email)


@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize("locale", LOCALES)
def test_pages_are_in_the_users_language(app: Flask, client: FlaskClient, locale: str) -> None:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en-GB,en;q=0.9"  # the saved choice wins
    sign_in(app, client, locale)

    html = page_text(client, "/")
    assert f'<html lang="{locale}">' in html
    for msgid in ("My work", "Report a defect", "To triage", "Sign out", "Coordinator"):
        assert tr(locale, msgid) in html
    assert "Report a defect" not in html

    html = page_text(client, "/tickets/new")
    for msgid in ("Report a handoff defect", "What went wrong?", "Billing period", "Critical"):
        assert tr(locale, msgid) in html


@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize("locale", LOCALES)
def test_browser_language_applies_without_a_saved_choice(
    app: Flask, client: FlaskClient, locale: str
) -> None:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = f"{locale}-XX,{locale};q=0.9,en;q=0.5"

    html = unescape(client.get("/", follow_redirects=True).get_data(as_text=True))
    assert f'<html lang="{locale}">' in html
    assert tr(locale, "Please sign in to see this page.") in html
    assert tr(locale, "Keep me signed in") in html

    sign_in(app, client, None)
    assert tr(locale, "My work") in page_text(client, "/")


@pytest.mark.usefixtures("compiled_catalogues")
def test_dutch_browser_gets_a_dutch_login_page(client: FlaskClient) -> None:
    response = client.get("/login", headers={"Accept-Language": "nl-NL,nl;q=0.9"})
    html = unescape(response.get_data(as_text=True))
    assert '<html lang="nl">' in html
    assert tr("nl", "Sign in") in html
    assert tr("nl", "Password") in html
    assert "Keep me signed in" not in html


@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize(
    ("locale", "amount", "winter", "summer"),
    [
        # Babel separates amount and sign with a no-break space (U+00A0) in de and nl.
        # One style per language,
        # four-digit years, no seconds (backoffice/date_formats.py).
        ("de", "1.234,50\u00a0€", "29.03.2026, 01:30", "29.03.2026, 03:30"),
        ("nl", "€\u00a01.234,50", "29-03-2026 01:30", "29-03-2026 03:30"),
        ("en", "€1,234.50", "Mar 29, 2026, 1:30 AM", "Mar 29, 2026, 3:30 AM"),
    ],
)
def test_amounts_and_times_are_formatted_for_the_locale(
    app: Flask, client: FlaskClient, locale: str, amount: str, winter: str, summer: str
) -> None:
    """Europe/Berlin moves to summer time at 01:00 UTC on 29 March 2026."""
    with app.app_context():
        before = make_ticket(impact_amount=Decimal("1234.50"), impact_currency="EUR")
        after = make_ticket()
        before.created_dt = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
        after.created_dt = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
        db.session.commit()
        numbers = before.number, after.number
    sign_in(app, client, locale)

    assert amount in page_text(client, "/tickets/")
    html = page_text(client, f"/tickets/{numbers[0]}")
    assert amount in html
    assert winter in html
    assert summer in page_text(client, f"/tickets/{numbers[1]}")


@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize(
    ("locale", "label"),
    [("de", "Fehlende Stunden"), ("en", "Missing hours"), ("nl", "Missing hours")],
)
def test_pick_list_labels_follow_the_users_language(
    app: Flask, client: FlaskClient, locale: str, label: str
) -> None:
    """A label missing in a language (here Dutch) falls back to the English one."""
    with app.app_context():
        category = make_category("missing_hours", "Missing hours", label_de="Fehlende Stunden")
        number = make_ticket(category=category).number
    sign_in(app, client, locale)

    assert label in page_text(client, f"/tickets/{number}")
    assert label in page_text(client, "/tickets/")
    if locale != "de":
        assert "Fehlende Stunden" not in page_text(client, "/tickets/new")
