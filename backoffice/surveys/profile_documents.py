"""The service profile on paper: the PDF (WeasyPrint, A4) and the XLSX of its figures."""

from __future__ import annotations

from flask import Response, render_template

from backoffice.i18n import gettext as _
from backoffice.meetings.documents import DOCUMENT_CSS, html_to_pdf, static_path
from backoffice.models import utcnow
from backoffice.spreadsheets import Column, xlsx_response
from backoffice.surveys.profiles import ProfilePage

PROFILE_CSS = "css/surveys.css"


def profile_stem(page: ProfilePage) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in page.function.name.lower()).strip("-")
    return f"service-profile-{safe or page.function.id}"


def profile_pdf(page: ProfilePage) -> bytes:
    html = render_template(
        "surveys/profile_document.html", page=page, printed_dt=utcnow(),
        css_hrefs=[static_path(DOCUMENT_CSS).as_uri(), static_path(PROFILE_CSS).as_uri()],
    )  # fmt: skip
    return html_to_pdf(html)


def profile_xlsx(page: ProfilePage) -> Response:
    """One row per service, round and question: customers, self, gap and answer counts."""
    columns = [
        Column(_("Service")), Column(_("Round")), Column(_("Closed"), "datetime"),
        Column(_("Question")), Column(_("Customers"), "number"), Column(_("Self-image"), "number"),
        Column(_("Gap"), "number"), Column(_("Customer answers"), "int"),
        Column(_("Own answers"), "int"),
    ]  # fmt: skip
    rows = [
        (card.service.name, scores.title, scores.closed_dt, row.label, row.customers,
         row.providers, row.gap, scores.customer_answers, scores.provider_answers)
        for card in page.cards
        for scores in card.rounds
        for row in scores.questions
    ]  # fmt: skip
    return xlsx_response(f"{profile_stem(page)}.xlsx", columns, rows)
