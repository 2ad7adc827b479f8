"""The poster: its print view and its PDF, in the requested language and paper size."""

from __future__ import annotations

from flask import request
from flask_login import login_required

from backoffice.assessments.poster import SIZES, poster_pdf, render_poster
from backoffice.i18n import LANGUAGE_NAMES, current_locale
from backoffice.meetings.document_views import download


def _choice() -> tuple[str, str]:
    """Paper size and language from the query string; anything unknown falls back."""
    size = request.args.get("size", "a3")
    lang = request.args.get("lang", "")
    return (size if size in SIZES else "a3"), (lang if lang in LANGUAGE_NAMES else current_locale())


@login_required
def poster():  # noqa: ANN201
    size, lang = _choice()
    return render_poster(size, lang)


@login_required
def poster_download():  # noqa: ANN201
    size, lang = _choice()
    return download(poster_pdf(size, lang), "application/pdf", f"poster-{lang}-{size}.pdf")
