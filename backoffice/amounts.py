"""Amounts of money as people type and read them: parsed and shown with Babel in the reader's locale.

A browser's number input is not a parser: what its comma means depends on the browser's
own language, and a German "1234,56" once became 123.456,00 €. `AmountField` is a text
input read on the server, in the reader's locale, by one rule:

- the locale's own form is always understood: "1.234,56" in de and nl, "1,234.56" in en;
- a single "." or "," followed by one or two digits is the decimal mark, whatever the
  locale: "1234,56" and "1234.56" are 1234.56 everywhere;
- a separator followed by exactly three digits is read as grouping only where it matches
  the locale's grouping together with other groups or a decimal part ("1.234.567",
  "1.234,5" in de); a lone "1.234" or "1,234" could mean either and is refused;
- anything else (letters, NaN, Infinity, exponents, spaces, more than two decimals, an
  amount beyond Numeric(12, 2), a negative amount where none is allowed) is refused with
  a message that shows the expected form.

Amounts are shown back as `format_amount` writes them, which the rule reads back exactly.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from wtforms import Field
from wtforms.widgets import TextInput

from backoffice.i18n import current_locale
from backoffice.i18n import gettext as _

AMOUNT_PATTERN = "#,##0.00"
MAX_AMOUNT = Decimal("9999999999.99")  # what Numeric(12, 2) holds
EXAMPLE = Decimal("1234.56")

_PLAIN = re.compile(r"\d+")
_ONE_DECIMAL_MARK = re.compile(r"\d+[.,]\d{1,2}")
_TYPABLE = re.compile(r"[0-9.,]+")


class AmountError(ValueError):
    """Why a typed amount was refused, in the reader's language."""


def format_amount(value: Decimal, locale: str | None = None) -> str:
    """An amount with two decimals and grouping, as the reader writes it: 1.234,56 in de."""
    return format_decimal(value, format=AMOUNT_PATTERN, locale=locale or current_locale())


def expected_form(locale: str | None = None) -> str:
    return _("Write the amount like %(example)s.", example=format_amount(EXAMPLE, locale))


def parse_amount(text: str, locale: str | None = None, allow_negative: bool = False) -> Decimal:
    """The amount meant by `text` in `locale`, or AmountError saying how to write it."""
    locale = locale or current_locale()
    text = text.strip()
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if not _TYPABLE.fullmatch(digits):
        raise AmountError(expected_form(locale))
    if _PLAIN.fullmatch(digits):
        value = Decimal(digits)
    elif _ONE_DECIMAL_MARK.fullmatch(digits):
        value = Decimal(digits.replace(",", "."))
    elif len(re.findall(r"[.,]", digits)) < 2:  # "1.234", "1234,567": which was meant?
        raise AmountError(expected_form(locale))
    else:
        value = _in_locale_form(digits, locale)
    if not value.is_finite():
        raise AmountError(expected_form(locale))
    if value.as_tuple().exponent < -2:
        raise AmountError(
            _("Use at most two decimals, like %(example)s.", example=format_amount(EXAMPLE, locale))
        )
    if value > MAX_AMOUNT:
        raise AmountError(
            _("The amount can be at most %(max)s.", max=format_amount(MAX_AMOUNT, locale))
        )
    if negative and value and not allow_negative:
        raise AmountError(_("The amount cannot be negative."))
    return -value if negative and value else value


def _in_locale_form(digits: str, locale: str) -> Decimal:
    try:
        return parse_decimal(digits, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation):
        raise AmountError(expected_form(locale)) from None


class AmountField(Field):
    """A money amount typed as text and read in the reader's locale (see the module's rule)."""

    widget = TextInput()

    def __init__(
        self,
        label: Any = None,
        validators: Any = None,
        allow_negative: bool = False,  # noqa: ANN401
        **kwargs: Any,
    ) -> None:  # noqa: ANN401
        render_kw = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
        render_kw.update(kwargs.pop("render_kw", None) or {})
        if "description" not in kwargs:  # fields are bound per request, so in the reader's locale
            kwargs["description"] = _("For example %(example)s", example=format_amount(EXAMPLE))
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.allow_negative = allow_negative

    def _value(self) -> str:
        if self.raw_data:  # after an error, exactly what the user typed
            return self.raw_data[0]
        return format_amount(self.data) if self.data is not None else ""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = parse_amount(valuelist[0], allow_negative=self.allow_negative)
        except AmountError as error:
            self.data = None
            raise ValueError(str(error)) from None
