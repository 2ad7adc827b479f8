"""Odd values for the fuzz test (`tests/test_fuzz.py`), by category.

Each category is a kind of input that has reached a 500 somewhere before: numbers the
database cannot hold, dates and quarters outside any calendar, decimals that are not
numbers, characters a database or a regex treats differently from what they look like.
The values are built here (a seeded Hypothesis strategy adds some Unicode text), so a
run is reproducible and a new category is one entry in `odd_values()`.
"""

from __future__ import annotations

import random
import string
import unicodedata
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SEED = 10


def _digits_as(zero: str, text: str) -> str:
    """`text` with its ASCII digits written in the script whose zero is `zero`."""
    return "".join(chr(ord(zero) + int(c)) if c.isdigit() else c for c in text)


def _unicode_digits() -> list[str]:
    """Characters `str.isdigit()` (and `\\d`) accept that are not ASCII 0–9."""
    found = [c for c in map(chr, range(0x80, 0x1FBFF)) if c.isdigit()]
    return random.Random(SEED).sample(found, 8)


@cache
def _hypothesis_text() -> list[str]:
    """A few texts Hypothesis draws from all of Unicode but surrogates, derandomized."""
    drawn: list[str] = []

    @settings(
        derandomize=True,
        max_examples=6,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40))
    def draw(text: str) -> None:
        drawn.append(text)

    draw()
    return drawn


@cache
def odd_values() -> dict[str, list[str]]:
    """Category → odd values (as a browser would send them, i.e. text)."""
    rng = random.Random(SEED)
    big = 2**31
    digits = _unicode_digits()
    long_word = "".join(rng.choice(string.ascii_letters) for _ in range(3000))
    return {
        "huge int": [str(big), str(2**63), "9" * rng.randint(20, 40)],
        "negative": ["-1", str(-big - 1), "-0"],
        "zero": ["0", "00000"],
        "not a number": ["sNaN", "NaN", "-Infinity", "inf", "1e400", "0x1F", "1_000"],
        "too many digits": ["1" * 14 + ".99", "0." + "0" * 30 + "1", "1e-400"],
        "date out of range": ["0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "0-0-0"],
        "time out of range": ["24:00", "23:60", "99:99", "-1:00"],
        "quarter out of range": ["0000-Q1", "9999-Q4", "2026-Q0", "2026-Q5", "-2026-Q1"],
        "unicode digits": [
            _digits_as("０", "2026-03"),
            _digits_as(digits[0], "12"),
            _digits_as(digits[1], "2026-Q4"),
            digits[2] + digits[3],
        ],
        "trailing newline": ["2026-03\n", "1\n", "2026-Q4\n", "x\r\n"],
        "control characters": ["a\x00b", "\x00", "\x01\x1b[31m\x7f", "\t"],
        "long": [long_word, "é" * 3000, "1" * 3000],
        "odd unicode": [
            "\u202eevil",
            "\ufeff1",
            unicodedata.normalize("NFD", "Jörg"),
            "\U0001f4a9" * 3,
            "ﬁ\u0130\u00df",
            *_hypothesis_text(),
        ],
        "formula": ["=1+1", "x;=1+1;", "@SUM(A1)", "-2+3", "+1,=2"],
        "markup": ["<script>alert(1)</script>", "\"'><b>", "{{7*7}}", "%s%n"],
        "empty": ["", " ", "\u00a0"],
    }


def sample(category: str, index: int) -> str:
    """The `index`-th value of `category`, cycling (deterministic sampling)."""
    values = odd_values()[category]
    return values[index % len(values)]
