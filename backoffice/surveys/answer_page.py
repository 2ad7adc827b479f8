"""The answer page, the same for the mailed link (no sign-in) and for My work.

The page speaks the respondent's language (their saved choice; a link opened without
one follows the browser). A link that cannot be used any more gets a friendly page
that says why: already answered, expired, replaced, closed or not open yet.
"""

from __future__ import annotations

import contextlib

from flask import render_template
from flask_babel import force_locale

from backoffice.form_submission import form_status, submitted
from backoffice.i18n import current_locale
from backoffice.i18n import lazy_gettext as _l
from backoffice.models import utcnow
from backoffice.surveys.answers import answer_form, read_answers, submit_answers
from backoffice.surveys.models import CORE_QUESTIONS, SurveyInvitation
from backoffice.surveys.respondents import services_for
from backoffice.surveys.tokens import LinkCheck, LinkState

LINK_PAGES = {
    LinkState.USED: (_l("Thank you"), _l("You have answered this survey already. Thank you!"), 200),
    LinkState.EXPIRED: (
        _l("Link expired"),
        _l(
            "This survey link has expired. If the round is "
            "still open, sign in and answer from My work."
        ),
        410,
    ),  # fmt: skip
    LinkState.CLOSED: (
        _l("Survey closed"),
        _l(
            "This survey round is closed; answers are no longer taken. Thank you for your interest."
        ),
        410,
    ),  # fmt: skip
    LinkState.NOT_OPEN: (_l("Not open yet"), _l("This survey round has not opened yet."), 409),
    LinkState.UNKNOWN: (
        _l("Link not valid"),
        _l(
            "This link is not valid, or a newer mail replaced "
            "it. Use the link in your newest mail, or sign in and answer from My "
            "work."
        ),
        404,
    ),  # fmt: skip
}

NOTHING = (_l("Nothing to answer"), _l("None of the services in this round concerns you any more."))


def link_page(state: LinkState):  # noqa: ANN201
    title, message, status = LINK_PAGES[state]
    return render_template("surveys/link_state.html", title=title, message=message), status


def answer_page(check: LinkCheck):  # noqa: ANN201
    """Show the form, store a valid post, or say why this link cannot be used; in the
    language of the person the link was made for, when it names one."""
    locale = check.invitation.user.locale if check.invitation is not None else None
    with force_locale(locale) if locale else contextlib.nullcontext():
        if check.state != LinkState.VALID or check.invitation is None:
            return link_page(check.state)
        return _form_page(check.invitation)


def _form_page(invitation: SurveyInvitation):  # noqa: ANN202
    asked = services_for(invitation)
    if not asked:  # their function no longer receives or provides any service of the round
        return render_template("surveys/link_state.html", title=NOTHING[0], message=NOTHING[1])
    form, blocks = answer_form(asked, current_locale())
    if submitted(form, lambda: submit_answers(invitation, read_answers(form, blocks), utcnow())):
        return render_template("surveys/thanks.html", survey_round=invitation.round)
    page = render_template(
        "surveys/answer.html", form=form, blocks=blocks, survey_round=invitation.round,
        core=CORE_QUESTIONS,
    )  # fmt: skip
    return page, form_status(form)
