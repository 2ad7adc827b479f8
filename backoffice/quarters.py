"""Calendar quarters ("2026-Q4"): the period of a review and of the published achievement.

One definition for both: a quarter's days are taken in the organisation's time
zone, and handed to SQL as a half-open UTC interval.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# ASCII digits only and no trailing newline: `\d` and `$` would accept "２０２６-Q4" and "2026-Q4\n".
QUARTER_RE = re.compile(r"([0-9]{4})-Q([1-4])")
# The years a quarter may name: wide enough for any archive, narrow enough that eight
# quarters back and one ahead are still dates (9999-Q4 has no next quarter).
FIRST_YEAR, LAST_YEAR = 1900, 2999


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read "2026-Q4" (any case, spaces around); ValueError names what was expected."""
        match = QUARTER_RE.fullmatch(text.strip().upper())
        if not match:
            raise ValueError(f"not a quarter: {text!r} (expected e.g. 2026-Q4)")
        year = int(match.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"quarter out of range: {text!r} ({FIRST_YEAR} to {LAST_YEAR})")
        return cls(year, int(match.group(2)))

    @classmethod
    def parse_or(cls, text: str | None, default: Quarter) -> Quarter:
        """A quarter from a query parameter, or `default` when it is missing or unreadable."""
        try:
            return cls.parse(text or "")
        except ValueError:
            return default

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    def __str__(self) -> str:
        return self.key

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def next(self) -> Quarter:
        return self.previous(-1)

    def previous(self, n: int = 1) -> Quarter:
        index = self.year * 4 + self.number - 1 - n
        return Quarter(index // 4, index % 4 + 1)

    def bounds(self, tz: ZoneInfo | str) -> tuple[datetime, datetime]:
        """The quarter as a half-open UTC interval, its days taken in the zone `tz`."""
        zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
        start = datetime.combine(self.first_day, time(0), zone).astimezone(UTC)
        end = datetime.combine(self.next().first_day, time(0), zone).astimezone(UTC)
        return start, end
