"""The radar chart's geometry: one axis per field, the mean level on each, the previous
assessment behind. The SVG itself is a template (`assessments/_radar.svg.html`); this
computes its coordinates from plain data, so a stored agenda draws it again alike.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from flask_babel import format_decimal

from backoffice.assessments.models import TOP_SCORE

SIZE = 320  # height; the width adds room for the field names left and right
SIDE_ROOM = 70
LABEL_WIDTH = 15  # characters per line of a field name
LINE = 13  # px between the lines of a label


def _point(center: tuple[float, float], radius: float, angle: float,
           value: float) -> tuple[float, float]:  # fmt: skip
    share = max(0.0, min(float(value), TOP_SCORE)) / TOP_SCORE
    return (round(center[0] + radius * share * math.cos(angle), 1),
            round(center[1] + radius * share * math.sin(angle), 1))  # fmt: skip


def _polygon(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def radar(axes: list[dict[str, Any]], size: int = SIZE) -> dict[str, Any]:
    """Coordinates for `axes` ([{label, mean, previous}]; a None mean sits at the centre)."""
    width = size + 2 * SIDE_ROOM
    center, radius = (width / 2, size / 2), size / 2 - 56
    count = len(axes)
    angles = [-math.pi / 2 + 2 * math.pi * i / count for i in range(count)]

    def polygon(values: list[float]) -> str:
        return _polygon([_point(center, radius, a, v) for a, v in zip(angles, values, strict=True)])

    labels = []
    for axis, angle in zip(axes, angles, strict=True):
        x, y = _point(center, radius + 12, angle, TOP_SCORE)
        lines = textwrap.wrap(axis["label"], LABEL_WIDTH) or [""]
        below = len(lines)  # lines after the first baseline, the mean included
        if abs(math.cos(angle)) < 0.3:  # top or bottom: centred, stacked away from the chart
            anchor, first = "middle", (y - LINE * below if y < center[1] else y + LINE)
        else:  # left or right: beside the spoke's end, centred on it
            anchor, first = ("start" if x > center[0] else "end"), y - LINE * below / 2 + 4
        labels.append({"x": x, "y": round(first, 1), "anchor": anchor, "lines": lines,
                       "mean": axis.get("mean")})  # fmt: skip
    has_previous = any(axis.get("previous") is not None for axis in axes)
    return {
        "width": width,
        "height": size,
        "center": center,
        "rings": [polygon([level] * count) for level in range(1, TOP_SCORE + 1)],
        "spokes": [_point(center, radius, a, TOP_SCORE) for a in angles],
        "labels": labels,
        "current": polygon([axis.get("mean") or 0 for axis in axes]),
        "previous": polygon([axis.get("previous") or 0 for axis in axes]) if has_previous else "",
    }


def show_score(mean: float | None) -> str:
    """A field's mean for the reader: one decimal in their locale, a dash when unrated."""
    return "—" if mean is None else format_decimal(round(mean, 1), format="0.0")
