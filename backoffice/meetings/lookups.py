"""What a review URL names: the review by its quarter, the agenda version by `?snapshot=N`.

Shared by the review page and the documents; both answer 404 when there is no such thing.
"""

from __future__ import annotations

from typing import Any

from flask import abort

from backoffice.meetings.models import AgendaSnapshot, QuarterlyReview
from backoffice.meetings.queries import current_agenda, review_by_quarter
from backoffice.request_values import id_arg


def review_or_404(quarter: str) -> QuarterlyReview:
    review = review_by_quarter(quarter)
    if review is None:
        abort(404)
    return review


def requested_agenda(review: QuarterlyReview) -> tuple[dict[str, Any], AgendaSnapshot | None]:
    """The version in `?snapshot=N` (404 if there is none), else the latest, else the draft:
    a version printed for a meeting can be printed again as it was."""
    number = id_arg("snapshot")
    agenda, snapshot = current_agenda(review, snapshot_number=number)
    if number is not None and snapshot is None:
        abort(404)
    return agenda, snapshot
