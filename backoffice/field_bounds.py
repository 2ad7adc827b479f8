"""What a form field accepts beyond its type: dates inside a window, numbers that are numbers.

WTForms reads "0001-01-01" and "9999-12-31" as dates and "sNaN", "NaN" and "Infinity"
as decimals. Neither can be stored or computed with: a review on 9999-12-31 23:30 has
no end and no UTC time, a signalling NaN makes every comparison raise. So every date a
user types goes through `InDateWindow` (or `in_date_window`), every number through
`FiniteNumber`, and each refusal says at the field what is accepted.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from wtforms.validators import StopValidation

from backoffice.i18n import lazy_gettext as _l

# Wide enough for any archive and any plan, narrow enough that every date in it has a
# day before and after, a UTC time in every zone, and a quarter (see backoffice.quarters).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
# Beyond any field's own range, and small enough to compare with a float (NumberRange's
# bounds): int("1" * 3000) cannot be.
MAX_NUMBER = 10**15


def in_date_window(day: date) -> bool:
    if isinstance(day, datetime):
        day = day.date()
    return FIRST_DAY <= day <= LAST_DAY


def date_window_message() -> Any:  # noqa: ANN401  (a lazy string)
    return _l(
        "Enter a date between %(first)s and %(last)s.",
        first=FIRST_DAY.isoformat(),
        last=LAST_DAY.isoformat(),
    )


class InDateWindow:
    """A DateField validator: the date lies between FIRST_DAY and LAST_DAY."""

    def __call__(self, form: Any, field: Any) -> None:  # noqa: ANN401
        if field.data is not None and not in_date_window(field.data):
            raise StopValidation(str(date_window_message()))


class FiniteNumber:
    """A DecimalField/IntegerField validator, before any NumberRange: digits 0–9 only
    (`int()` and `Decimal()` also read "１２" and "1_000"), a finite value of sane size."""

    def __call__(self, form: Any, field: Any) -> None:  # noqa: ANN401
        raw = (field.raw_data or [""])[0].strip()
        if not raw.isascii() or "_" in raw:
            raise StopValidation(str(_l("Enter a number with the digits 0 to 9.")))
        if isinstance(field.data, Decimal) and not field.data.is_finite():
            raise StopValidation(str(_l("Enter a number.")))
        if isinstance(field.data, int | Decimal) and abs(field.data) > MAX_NUMBER:
            raise StopValidation(str(_l("This number is too large.")))
