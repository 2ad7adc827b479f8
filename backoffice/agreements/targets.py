"""Whether a share met reaches its target: the colour and the word of each achievement bar.

Each service promises a target share (`Service.target_share`, 50–100 %). A function
is held to the strictest target of its active services, the whole office to the
strictest of all; a function without services to the default (90 %).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from backoffice.agreements.models import DEFAULT_TARGET_SHARE, Service
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l

NEAR_TARGET_POINTS = 10  # amber: at most this many percentage points below the target

# The state of a bar: its CSS class, a symbol (colour is never the only signal) and words.
STATES = {
    "met": ("✓", _l("target met")),
    "near": ("≈", _l("within 10 points of the target")),
    "below": ("✗", _l("below target")),
    "none": ("", _l("nothing measured")),
}


def function_targets() -> dict[int, int]:
    """Each providing function's target share in per cent (one statement)."""
    rows = db.session.execute(
        select(Service.provider_function_id, func.max(Service.target_share))
        .where(Service.is_active)
        .group_by(Service.provider_function_id)
    )
    return {function_id: int(target) for function_id, target in rows}


def target_of(targets: dict[int, int], function_id: int | None) -> int:
    """The target of one function, or of the whole office (`function_id` None)."""
    if function_id is None:
        return max(targets.values(), default=DEFAULT_TARGET_SHARE)
    return targets.get(function_id, DEFAULT_TARGET_SHARE)


def target_state(share: float | None, target: int) -> str:
    """ "met", "near" (within NEAR_TARGET_POINTS below), "below" or "none" (nothing measured)."""
    if share is None:
        return "none"
    points = share * 100
    if points >= target - 1e-9:
        return "met"
    return "near" if points >= target - NEAR_TARGET_POINTS - 1e-9 else "below"


def bar(label: str, share: float | None, target: int, **extra: Any) -> dict[str, Any]:
    """One bar of an achievement chart: what the SVG partial `share_bars.svg.html` draws."""
    state = target_state(share, target)
    symbol, words = STATES[state]
    return {
        "label": label, "share": share, "target": target, "state": state,
        "symbol": symbol, "words": str(words),
    } | extra  # fmt: skip
