"""The poster for a team workshop: the four fields with their criteria and empty rating boxes.

One template for the print view and the PDF (WeasyPrint), from the catalogue's current
version, in any of the three languages, on A3 landscape or A4. The paper size is its
own small stylesheet, so the browser's print view (no inline CSS allowed) and the PDF
read the same rules.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app, render_template

from backoffice.assessments.catalogue import ensure_catalogue
from backoffice.assessments.models import Level
from backoffice.meetings.documents import html_to_pdf, in_language

SIZES = ("a3", "a4")
POSTER_CSS = "css/assessment-poster.css"


def paper_css(size: str) -> str:
    return f"css/assessment-poster-{size}.css"


def render_poster(size: str = "a3", locale: str | None = None, for_pdf: bool = False) -> str:
    """The poster's HTML; for the PDF the stylesheets are files in the static folder."""
    catalogue = ensure_catalogue()
    static = Path(current_app.static_folder or "").resolve()
    sheets = [POSTER_CSS, paper_css(size)]
    hrefs = [(static / s).as_uri() for s in sheets] if for_pdf else None
    with in_language(locale):
        return render_template(
            "assessments/poster.html", catalogue=catalogue, levels=list(Level), size=size,
            sheets=sheets, hrefs=hrefs, for_pdf=for_pdf,
        )  # fmt: skip


def poster_pdf(size: str = "a3", locale: str | None = None) -> bytes:
    return html_to_pdf(render_poster(size, locale, for_pdf=True))
