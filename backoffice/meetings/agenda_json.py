"""An agenda stored as JSON in a snapshot, and read back exactly as it was built.

Keys carry their type: `*_dt` is a UTC datetime, `*_date` a date, `*amount` a
Decimal; everything else is plain JSON (numbers, strings, lists, objects, null).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot store {type(value).__name__} in an agenda")


def agenda_to_json(agenda: dict[str, Any]) -> str:
    return json.dumps(agenda, default=_encode, ensure_ascii=False, separators=(",", ":"))


def _revive(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = {}
    for key, value in pairs:
        if isinstance(value, str) and value:
            if key.endswith("_dt"):
                value = datetime.fromisoformat(value).astimezone(UTC)
            elif key.endswith("_date"):
                value = date.fromisoformat(value)
            elif key.endswith("amount"):
                value = Decimal(value)
        result[key] = value
    return result


def agenda_from_json(text: str) -> dict[str, Any]:
    return json.loads(text, object_pairs_hook=_revive)
