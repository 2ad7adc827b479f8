"""Amounts typed as people write them in their language, read on the server, shown back the same way."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from backoffice.amounts import AmountError, format_amount, parse_amount
from backoffice.auth.models import User
from backoffice.extensions import db
from tests.helpers import field_error, input_value, login
from tests.office import Office
from tests.ticket_steps import edit, report, reported_number, ticket_state

LOCALES = ("en", "de", "nl")


@pytest.fixture
def in_request(app: Flask):
    with app.test_request_context():
        yield


def parsed(text: str, locale: str) -> Decimal:
    with force_locale(locale):
        return parse_amount(text, locale)


def refusal(text: str, locale: str, **kwargs: bool) -> str:
    with force_locale(locale), pytest.raises(AmountError) as refused:
        parse_amount(text, locale, **kwargs)
    return str(refused.value)


@settings(max_examples=300, deadline=None)
@given(
    amount=st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2),
    locale=st.sampled_from(LOCALES),
)
def test_an_amount_shown_in_a_locale_reads_back_as_the_same_amount(amount: Decimal, locale: str):
    shown = format_amount(amount, locale)
    assert parse_amount(shown, locale) == amount, shown


# What a clerk types → the amount meant. "1234.56" in German: a single mark followed by one
# or two digits is the decimal mark, whatever the locale.
READ_AS_MEANT = {
    "de": {"1234,56": "1234.56", "1.234,56": "1234.56", "1234.56": "1234.56",
           "1.234.567,8": "1234567.8", "1.234.567": "1234567", "  0,5 ": "0.5", "1234": "1234"},
    "nl": {"1234,56": "1234.56", "1.234,56": "1234.56", "9.999.999.999,99": "9999999999.99"},
    "en": {"1,234.56": "1234.56", "1234.56": "1234.56", "1234,56": "1234.56",
           "1,234,567": "1234567", "0.05": "0.05"},
}  # fmt: skip


@pytest.mark.parametrize(
    ("locale", "text", "amount"),
    [
        (locale, text, amount)
        for locale, cases in READ_AS_MEANT.items()
        for text, amount in cases.items()
    ],
)
def test_what_a_clerk_types_is_read_as_meant(in_request, locale: str, text: str, amount: str):
    assert parsed(text, locale) == Decimal(amount)
    assert str(parsed(text, locale)) == str(Decimal(amount))


# Refused rather than guessed: "1.234" may be 1234 or 1.234; "1,234.56" is the English form
# on a German page.
REFUSED = {
    "de": ["12,345,67", "1.234", "1,234", "1,234.56", "1234,567", "1.23.456", "1 234,56", "€ 12"],
    "nl": ["1,234.56", "1.234"],
    "en": ["1.234,56", "1,234", "12,345,67", "1.234.567"],
}


@pytest.mark.parametrize(
    ("locale", "text"), [(locale, text) for locale, texts in REFUSED.items() for text in texts]
)
def test_an_ambiguous_or_malformed_amount_is_refused_showing_the_form_to_use(
    in_request, locale: str, text: str
):
    expected = {"en": "Write the amount like 1,234.56.", "de": "1.234,56", "nl": "1.234,56"}
    assert expected[locale] in refusal(text, locale)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(
    "text", ["NaN", "sNaN", "-NaN", "Infinity", "-Infinity", "inf", "1e3", "١٢٣", "0x10", ""]
)
def test_numbers_that_are_no_amounts_are_refused(in_request, locale: str, text: str):
    assert format_amount(Decimal("1234.56"), locale) in refusal(text, locale)


def test_more_than_two_decimals_too_large_and_negative_amounts_are_refused(in_request):
    assert refusal("1.234,567", "de") == "Höchstens zwei Nachkommastellen, etwa 1.234,56."
    assert refusal("1,234.567", "en") == "Use at most two decimals, like 1,234.56."
    assert refusal("10.000.000.000,00", "de") == "Der Betrag darf höchstens 9.999.999.999,99 sein."
    assert refusal("99999999999", "nl") == "Het bedrag mag hoogstens 9.999.999.999,99 zijn."
    assert refusal("-5", "en") == "The amount cannot be negative."
    assert parsed("-0", "en") == 0
    with force_locale("de"):
        assert parse_amount("-1.234,50", "de", allow_negative=True) == Decimal("-1234.50")


# --- through the pages -------------------------------------------------------------------


@pytest.fixture
def german_clerk(app: Flask, client: FlaskClient, office: Office) -> FlaskClient:
    with app.app_context():
        db.session.scalar(select(User).filter_by(email=office.clerk)).locale = "de"
        db.session.commit()
    login(client, office.clerk)
    return client


def test_a_german_clerk_typing_1234_comma_56_stores_1234_euros_56(
    app: Flask, german_clerk: FlaskClient, office: Office
):
    number = reported_number(german_clerk, office, impact_amount="1234,56")
    assert ticket_state(app, number).impact_amount == Decimal("1234.56")
    page = german_clerk.get(f"/tickets/{number}").get_data(as_text=True)
    assert "1.234,56\xa0€" in page


def test_the_german_form_with_thousands_dots_is_stored_too(
    app: Flask, german_clerk: FlaskClient, office: Office
):
    number = reported_number(german_clerk, office, impact_amount="1.234,56")
    assert ticket_state(app, number).impact_amount == Decimal("1234.56")


def test_a_garbled_amount_is_refused_at_the_field_keeping_what_was_typed(
    german_clerk: FlaskClient, office: Office
):
    response = report(german_clerk, office, impact_amount="12,345,67")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(html, "impact_amount") == "Geben Sie den Betrag in der Form 1.234,56 ein."
    assert input_value(html, "impact_amount") == "12,345,67"


def test_the_edit_form_shows_the_amount_as_a_german_writes_it(
    german_clerk: FlaskClient, office: Office
):
    number = reported_number(german_clerk, office, impact_amount="1234,5")
    html = german_clerk.get(f"/tickets/{number}/edit").get_data(as_text=True)
    assert input_value(html, "impact_amount") == "1.234,50"
    field = re.search(r'<input[^>]*name="impact_amount"[^>]*>', html).group(0)
    assert 'type="text"' in field and 'inputmode="decimal"' in field
    assert 'autocomplete="off"' in field


def test_saving_the_edit_form_unchanged_keeps_the_amount(
    app: Flask, german_clerk: FlaskClient, office: Office
):
    number = reported_number(german_clerk, office, impact_amount="1234,5")
    response = edit(german_clerk, office, number, title="Stunden fehlen")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert ticket_state(app, number).impact_amount == Decimal("1234.50")
