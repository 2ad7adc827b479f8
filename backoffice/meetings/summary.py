"""The one-page summary that opens a review's page, print view and PDF.

Built only from the agenda's own figures (a live draft or a snapshot's stored JSON),
so the summary always shows what the agenda below it shows, and a published agenda
shows what was published. Snapshots published before a figure existed lack its key:
that chart says so instead of inventing the numbers.
"""

from __future__ import annotations

from typing import Any

from backoffice.agreements.models import DEFAULT_TARGET_SHARE
from backoffice.agreements.targets import bar
from backoffice.quarters import Quarter

HEAT_STEPS = 5  # shades of the handoff heat map, 1 (few defects) to 5 (the most)


def heat_map(per_handoff: list[dict[str, Any]]) -> dict[str, Any]:
    """Defects reported per (from, to) function pair, shaded 0–5 against the largest."""
    counts: dict[tuple[str, str], int] = {}
    for line in per_handoff:
        key = (line["from"], line["to"])
        counts[key] = counts.get(key, 0) + int(line.get("reported") or 0)
    sources = sorted({f for f, _t in counts})
    targets = sorted({t for _f, t in counts})
    worst = max(counts.values(), default=0)

    def shade(n: int) -> int:
        return 0 if not n else min(HEAT_STEPS, 1 + ((HEAT_STEPS - 1) * n) // max(worst, 1))

    rows = [
        {"name": src, "cells": [{"to": dst, "count": counts.get((src, dst)), "shade": shade(counts.get((src, dst)) or 0)} for dst in targets]}
        for src in sources
    ]  # fmt: skip
    return {"columns": targets, "rows": rows, "worst": worst}


def agenda_summary(agenda: dict[str, Any]) -> dict[str, Any]:
    """Key figures, trend, heat map and service achievement of `agenda`, ready to draw."""
    trend = agenda.get("trend")
    agreements = agenda.get("agreements")
    service = None
    if agreements is not None:
        service = [
            bar(row["function"], row["share"], row.get("target", DEFAULT_TARGET_SHARE),
                met=row["met"], measured=row["met"] + row["breached"])
            for row in agreements["functions"]
        ]  # fmt: skip
    return {
        "quarter_before": Quarter.parse(agenda["quarter"]).previous().key,
        "totals": agenda["figures"]["totals"],
        "share": agreements["totals"]["share"] if agreements else None,
        "trend": trend,
        "trend_top": max((max(q["reported"], q["resolved"]) for q in trend or []), default=0),
        "heat": heat_map(agenda["figures"]["per_handoff"]),
        "service": service,
    }
