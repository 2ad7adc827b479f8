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

SIZE = 340
MARGIN = 92  # room for the field names around the chart
LABEL_WIDTH = 16  # characters per line of a field name


def _point(center: float, radius: float, angle: float, value: float) -> tuple[float, float]:
    share = max(0.0, min(float(value), TOP_SCORE)) / TOP_SCORE
    return (round(center + radius * share * math.cos(angle), 1),
            round(center + radius * share * math.sin(angle), 1))  # fmt: skip


def _polygon(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def radar(axes: list[dict[str, Any]], size: int = SIZE) -> dict[str, Any]:
    """Coordinates for `axes` ([{label, mean, previous}]; a None mean sits at the centre)."""
    center, radius = size / 2, size / 2 - MARGIN / 2 - 20
    angles = [-math.pi / 2 + 2 * math.pi * i / len(axes) for i in range(len(axes))] if axes else []
    rings = [_polygon([_point(center, radius, a, level) for a in angles])
             for level in range(1, TOP_SCORE + 1)]  # fmt: skip
    labels = []
    for axis, angle in zip(axes, angles, strict=True):
        x, y = _point(center, radius + 14, angle, TOP_SCORE)
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if x > center else "end")
        lines = textwrap.wrap(axis["label"], LABEL_WIDTH) or [""]
        top = y - 12 * (len(lines) - 1) if y < center - 1 else (y + 10 if y > center + 1 else y)
        labels.append({"x": x, "y": round(top, 1), "anchor": anchor, "lines": lines,
                       "mean": axis.get("mean")})  # fmt: skip
    has_previous = any(axis.get("previous") is not None for axis in axes)
    return {
        "size": size,
        "center": center,
        "rings": rings,
        "spokes": [_point(center, radius, a, TOP_SCORE) for a in angles],
        "labels": labels,
        "current": _polygon(
            [
                _point(center, radius, a, axis.get("mean") or 0)
                for axis, a in zip(axes, angles, strict=True)
            ]
        ),  # fmt: skip
        "previous": _polygon(
            [
                _point(center, radius, a, axis.get("previous") or 0)
                for axis, a in zip(axes, angles, strict=True)
            ]
        )  # fmt: skip
        if has_previous
        else "",
    }


def show_score(mean: float | None) -> str:
    """A field's mean for the reader: one decimal in their locale, a dash when unrated."""
    return "—" if mean is None else format_decimal(round(mean, 1), format="0.0")
