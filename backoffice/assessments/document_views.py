"""Documents: the poster (print view and PDF, in the requested language and paper size) and
the evidence files teams attach to their ratings."""

from __future__ import annotations

from flask import Response, request
from flask_login import current_user, login_required

from backoffice.assessments.poster import SIZES, poster_pdf, render_poster
from backoffice.assessments.queries import evidence_file_or_404
from backoffice.i18n import LANGUAGE_NAMES, current_locale
from backoffice.meetings.document_views import download


def _choice() -> tuple[str, str]:
    """Paper size and language from the query string; anything unknown falls back."""
    size = request.args.get("size", "a3")
    lang = request.args.get("lang", "")
    return (size if size in SIZES else "a3"), (lang if lang in LANGUAGE_NAMES else current_locale())


@login_required
def evidence_file(file_id: int):  # noqa: ANN201
    """An evidence file as a download, never shown inline (it is the team's upload)."""
    found = evidence_file_or_404(file_id, current_user)
    response = Response(found.data, mimetype=found.content_type)
    response.headers.set("Content-Disposition", "attachment", filename=found.filename)
    return response


@login_required
def poster():  # noqa: ANN201
    size, lang = _choice()
    return render_poster(size, lang)


@login_required
def poster_download():  # noqa: ANN201
    size, lang = _choice()
    return download(poster_pdf(size, lang), "application/pdf", f"poster-{lang}-{size}.pdf")
