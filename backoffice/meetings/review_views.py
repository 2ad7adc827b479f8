"""The review pages: the list, one review with its agenda and minutes, and what changes it.

The forms on a review's page (publish, cancel, minutes, held) answer with that page:
a refusal or an input error is flashed above it.
"""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from backoffice.auth.models import Role
from backoffice.auth.permissions import role_required
from backoffice.extensions import db
from backoffice.form_submission import form_status, submitted
from backoffice.i18n import gettext as _
from backoffice.i18n import lazy_gettext as _l
from backoffice.meetings.agenda import SECTIONS
from backoffice.meetings.attendees import attendee_users, people_by_function, people_choices
from backoffice.meetings.commands import (
    EditOutcome,
    cancel_review,
    complete_action,
    mark_held,
    publish_agenda,
    record_minute,
    update_review,
)
from backoffice.meetings.forms import (
    SECTION_LABELS,
    CancelForm,
    ConfirmForm,
    MinuteForm,
    ReviewForm,
)
from backoffice.meetings.lookups import requested_agenda, review_or_404
from backoffice.meetings.models import ActionItem, AgendaSnapshot, QuarterlyReview
from backoffice.meetings.queries import list_reviews, list_snapshots, review_events, review_minutes
from backoffice.meetings.summary import agenda_summary
from backoffice.security import safe_next_url

EDIT_MESSAGES = {
    EditOutcome.SAVED: _l("The review was saved."),
    EditOutcome.UNCHANGED: _l("Nothing changed."),
}


def back_to_review(
    review: QuarterlyReview, form: FlaskForm | None = None, anchor: str | None = None
) -> Response:
    """Redirect to the review's page, flashing the form's field errors above it.

    Messages for the form as a whole (a closed review) are flashed by `submitted` already.
    """
    for name, errors in (form.errors if form else {}).items():
        if name is not None:
            flash(" ".join(str(error) for error in errors), "error")
    return redirect(url_for("meetings.detail", quarter=review.quarter, _anchor=anchor))


def done(message: str, review: QuarterlyReview) -> Response:
    flash(message, "success")
    return back_to_review(review)


def review_page(
    review: QuarterlyReview, agenda: dict[str, Any], snapshot: AgendaSnapshot | None
) -> dict[str, Any]:
    """What the review page shows; the forms only to coordinators."""
    minutes, actions = review_minutes(review)
    coordinator = current_user.is_coordinator
    return {
        "review": review,
        "agenda": agenda,
        "summary": agenda_summary(agenda),
        "snapshot": snapshot,
        "snapshots": list_snapshots(review),
        "attendees": attendee_users(review),
        "minutes": minutes,
        "actions": actions,
        "events": review_events(review),
        "minute_form": MinuteForm(people_choices()) if coordinator else None,
        "cancel_form": CancelForm() if coordinator else None,
        "section_labels": SECTION_LABELS,
        "toc_sections": [key for key in SECTIONS if key in agenda],
    }


@login_required
def index():  # noqa: ANN201
    upcoming, past = list_reviews()
    return render_template("meetings/index.html", upcoming=upcoming, past=past)


@login_required
def detail(quarter: str):  # noqa: ANN201
    review = review_or_404(quarter)
    agenda, snapshot = requested_agenda(review)
    return render_template("meetings/detail.html", **review_page(review, agenda, snapshot))


@role_required(Role.COORDINATOR)
def edit(quarter: str):  # noqa: ANN201
    review = review_or_404(quarter)
    form = ReviewForm.for_review(review, people_choices())
    if outcome := submitted(form, lambda: update_review(review, current_user, form.changes())):
        return done(str(EDIT_MESSAGES[outcome]), review)
    groups = people_by_function()
    return render_template("meetings/edit.html", review=review, form=form, groups=groups), (
        form_status(form)
    )


@role_required(Role.COORDINATOR)
def publish(quarter: str):  # noqa: ANN201
    review = review_or_404(quarter)
    form = ConfirmForm()
    if snapshot := submitted(form, lambda: publish_agenda(review, current_user)):
        return done(_("Agenda version %(number)s published.", number=snapshot.number), review)
    return back_to_review(review, form)


@role_required(Role.COORDINATOR)
def cancel(quarter: str):  # noqa: ANN201
    review = review_or_404(quarter)
    form = CancelForm()
    if submitted(form, lambda: cancel_review(review, current_user, form.reason.data)):
        return done(_("The review was cancelled; the attendees are told."), review)
    return back_to_review(review, form)


@role_required(Role.COORDINATOR)
def add_minute(quarter: str):  # noqa: ANN201
    review = review_or_404(quarter)
    form = MinuteForm(people_choices())
    if submitted(form, lambda: record_minute(review, current_user, form.minute_data())):
        return done(_("The minutes were recorded."), review)
    return back_to_review(review, form, anchor="minutes")


@role_required(Role.COORDINATOR)
def held(quarter: str):  # noqa: ANN201
    review = review_or_404(quarter)
    form = ConfirmForm()
    if submitted(form, lambda: mark_held(review, current_user)):
        return done(_("The review is marked held; the minutes are sent to the attendees."), review)
    return back_to_review(review, form)


@login_required
def action_done(action_id: int):  # noqa: ANN201
    """Marked from My work or the review page; `next` leads back there (on this site only)."""
    action = db.get_or_404(ActionItem, action_id)
    complete_action(action, current_user)
    flash(_("The action item is done."), "success")
    return redirect(safe_next_url(request.form.get("next")) or "/")
