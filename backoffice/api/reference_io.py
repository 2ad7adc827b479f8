"""The read-only data other systems ask for, as plain JSON: each read from its feature.

Organisation (functions, handoffs), the service catalogue with its agreements, the
achievement figures of a quarter (as on the achievement page), and the quarterly
reviews with every published agenda version.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from flask import abort, url_for
from sqlalchemy import select

from backoffice.agreements.achievement import achievement, current_quarter
from backoffice.agreements.catalogue import catalogue
from backoffice.agreements.figures import Figures
from backoffice.api.ticket_io import ref
from backoffice.extensions import db
from backoffice.meetings.models import AgendaSnapshot, QuarterlyReview
from backoffice.meetings.queries import review_by_quarter
from backoffice.org.models import Function
from backoffice.org.service import list_functions, list_handoffs
from backoffice.quarters import Quarter


def functions_json() -> list[dict[str, Any]]:
    return [
        {
            "id": f.id,
            "name": f.name,
            "description": f.description,
            "is_active": f.is_active,
            "lead": ref(f.lead),
        }  # fmt: skip
        for f in list_functions()
    ]


def handoffs_json() -> list[dict[str, Any]]:
    return [
        {
            "id": h.id,
            "name": h.name,
            "description": h.description,
            "from_function": ref(h.from_function),
            "to_function": ref(h.to_function),
            "default_owner": ref(h.default_owner),
            "is_active": h.is_active,
        }  # fmt: skip
        for h in list_handoffs()
    ]


def services_json() -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "name": s.name,
            "description": s.description,
            "provider": ref(entry.function),
            "is_active": s.is_active,
            "target_share": s.target_share,
            "handoff_ids": sorted(h.id for h in s.handoffs),
            "agreements": [
                {
                    "id": a.id,
                    "severity": a.severity.value if a.severity else None,
                    "category_id": a.category_id,
                    "response_amount": a.response_amount,
                    "response_unit": a.response_unit.value,
                    "resolution_amount": a.resolution_amount,
                    "resolution_unit": a.resolution_unit.value,
                }  # fmt: skip
                for a in s.agreements
            ],
        }
        for entry in catalogue()
        for s in entry.services
    ]


def _figures(figures: Figures) -> dict[str, Any]:
    return {**asdict(figures), "share": figures.share}


def achievement_json(quarter_key: str | None, function_id: int | None) -> dict[str, Any]:
    """The quarter's figures for one function or the office, as the achievement page shows."""
    quarter = Quarter.parse(quarter_key) if quarter_key else current_quarter()
    function = db.session.get(Function, function_id) if function_id else None
    if function_id and function is None:
        abort(404)
    result = achievement(quarter, function, breached_limit=0)
    return {
        "quarter": quarter.key,
        "function_id": function_id,
        "target_share": result.target,
        "total": _figures(result.total),
        "months": [{"month": key, **_figures(f)} for key, f in result.months],
        "by_function": [{"function": ref(fn), **_figures(f)} for fn, f in result.by_function],
    }


def _versions(review: QuarterlyReview, snapshots: list[AgendaSnapshot]) -> list[dict[str, Any]]:
    return [
        {
            "number": s.number,
            "created_dt": s.created_dt,
            "url": url_for(
                "api.agenda_version", quarter=review.quarter, version=s.number, _external=True
            ),  # fmt: skip
        }
        for s in snapshots
    ]


def reviews_json() -> list[dict[str, Any]]:
    """Every review, newest first, with its published agenda versions (two statements)."""
    reviews = db.session.scalars(select(QuarterlyReview).order_by(QuarterlyReview.starts_at.desc()))
    snapshots: dict[int, list[AgendaSnapshot]] = {}
    for snapshot in db.session.scalars(
        select(AgendaSnapshot).order_by(AgendaSnapshot.review_id, AgendaSnapshot.number)
    ):
        snapshots.setdefault(snapshot.review_id, []).append(snapshot)
    return [
        {
            "quarter": r.quarter,
            "starts_at": r.starts_at,
            "duration_minutes": r.duration_minutes,
            "status": r.status.value,
            "location": r.location,
            "held_dt": r.held_dt,
            "agenda_versions": _versions(r, snapshots.get(r.id, [])),
        }  # fmt: skip
        for r in reviews
    ]


def agenda_json(quarter: str, number: int) -> dict[str, Any]:
    """One published agenda version as it was stored (sections included), or 404."""
    review = review_by_quarter(quarter[:10]) or abort(404)
    snapshot = db.session.scalar(
        select(AgendaSnapshot).where(
            AgendaSnapshot.review_id == review.id, AgendaSnapshot.number == number
        )
    )
    if snapshot is None:
        abort(404)
    return {"quarter": review.quarter, "number": snapshot.number,
            "created_dt": snapshot.created_dt, "agenda": json.loads(snapshot.data)}  # fmt: skip
