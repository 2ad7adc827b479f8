"""A review's documents: the print view and its running header, the agenda and minutes
PDFs, and the calendar entry (.ics)."""

from __future__ import annotations

from flask import Response, abort, render_template
from flask_login import login_required

from backoffice.meetings.attendees import attendee_users
from backoffice.meetings.documents import (
    agenda_filename,
    agenda_pdf,
    in_language,
    minutes_pdf,
    render_agenda_document,
)
from backoffice.meetings.lookups import requested_agenda, review_or_404
from backoffice.meetings.models import ReviewStatus
from backoffice.meetings.notices import build_ics


def download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def print_view(quarter: str):  # noqa: ANN201
    review = review_or_404(quarter)
    agenda, snapshot = requested_agenda(review)
    return render_agenda_document(review, agenda, snapshot.number if snapshot else None)


@login_required
def print_css(quarter: str):  # noqa: ANN201
    """The running header of the print view: CSS can't read it from the page (CSP: no inline)."""
    review = review_or_404(quarter)
    with in_language():
        css = render_template("meetings/_partials/page_margins.css", review=review)
    return Response(css, mimetype="text/css")


@login_required
def pdf(quarter: str):  # noqa: ANN201
    review = review_or_404(quarter)
    agenda, snapshot = requested_agenda(review)
    document = agenda_pdf(review, agenda=agenda, snapshot=snapshot)
    return download(document, "application/pdf", agenda_filename(review, snapshot=snapshot))


@login_required
def minutes_download(quarter: str):  # noqa: ANN201
    review = review_or_404(quarter)
    if review.status != ReviewStatus.HELD:
        abort(404)
    return download(minutes_pdf(review), "application/pdf", f"minutes-{review.quarter}.pdf")


@login_required
def ics(quarter: str):  # noqa: ANN201
    review = review_or_404(quarter)
    method = "CANCEL" if review.status == ReviewStatus.CANCELLED else "PUBLISH"
    body = build_ics(review, attendee_users(review), method)
    return download(body.encode(), "text/calendar", f"review-{review.quarter}.ics")
