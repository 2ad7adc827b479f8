"""Review pages: list, agenda with minutes, edit, print view, PDF and .ics downloads."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from backoffice.auth.models import Role
from backoffice.auth.permissions import role_required
from backoffice.extensions import db
from backoffice.meetings import service
from backoffice.meetings.attendees import attendee_users, people_choices
from backoffice.meetings.documents import (
    agenda_filename,
    agenda_pdf,
    minutes_pdf,
    org_language,
    render_agenda_document,
)
from backoffice.meetings.forms import SECTION_LABELS, CancelForm, MinuteForm, ReviewForm
from backoffice.meetings.models import ActionItem, AgendaSnapshot, QuarterlyReview, ReviewStatus
from backoffice.meetings.notices import build_ics
from backoffice.meetings.schedule import review_by_quarter

meetings_bp = Blueprint("meetings", __name__, url_prefix="/reviews")


def load_review(quarter: str) -> QuarterlyReview:
    review = review_by_quarter(quarter)
    if review is None:
        abort(404)
    return review


def _org_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _done(message: str, review: QuarterlyReview) -> Response:
    flash(message, "success")
    return redirect(url_for("meetings.detail", quarter=review.quarter))


@meetings_bp.errorhandler(service.ReviewNotAllowed)
def _forbidden(_exc: Exception):  # noqa: ANN202
    abort(403)


@meetings_bp.errorhandler(service.ReviewClosed)
def _closed(_exc: Exception):  # noqa: ANN202
    flash(_("This review is closed; its agenda and minutes can no longer change."), "error")
    return redirect(url_for("meetings.detail", quarter=request.view_args["quarter"]))


@meetings_bp.route("/")
@login_required
def index():  # noqa: ANN201
    upcoming, past = service.list_reviews()
    return render_template("meetings/index.html", upcoming=upcoming, past=past)


@meetings_bp.route("/<quarter>")
@login_required
def detail(quarter: str):  # noqa: ANN201
    review = load_review(quarter)
    agenda, snapshot = _requested_agenda(review)
    minutes, actions = service.review_minutes(review)
    return render_template(
        "meetings/detail.html",
        review=review,
        agenda=agenda,
        snapshot=snapshot,
        snapshots=service.list_snapshots(review),
        attendees=attendee_users(review),
        minutes=minutes,
        actions=actions,
        events=service.review_events(review),
        minute_form=MinuteForm(people_choices()) if current_user.is_coordinator else None,
        cancel_form=CancelForm() if current_user.is_coordinator else None,
        section_labels=SECTION_LABELS,
    )


@meetings_bp.route("/<quarter>/edit", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit(quarter: str):  # noqa: ANN201
    review = load_review(quarter)
    form = ReviewForm(people_choices(), obj=review)
    if not form.is_submitted():
        local = review.starts_at.astimezone(_org_zone())
        form.day.data, form.start_time.data = local.date(), local.time()
        form.attendee_ids.data = [u.id for u in attendee_users(review)]
    if form.validate_on_submit():
        starts = datetime.combine(form.day.data, form.start_time.data, _org_zone())
        changes = service.ReviewChanges(
            starts_at=starts.astimezone(UTC),
            duration_minutes=form.duration_minutes.data,
            location=(form.location.data or "").strip(),
            video_url=(form.video_url.data or "").strip(),
            attendee_ids=set(form.attendee_ids.data or []),
        )
        if service.update_review(review, current_user, changes):
            return _done(_("The review was saved."), review)
        return _done(_("Nothing changed."), review)
    return render_template("meetings/edit.html", review=review, form=form)


@meetings_bp.route("/<quarter>/publish", methods=["POST"])
@role_required(Role.COORDINATOR)
def publish(quarter: str):  # noqa: ANN201
    review = load_review(quarter)
    snapshot = service.publish_agenda(review, current_user)
    return _done(_("Agenda version %(number)s published.", number=snapshot.number), review)


@meetings_bp.route("/<quarter>/cancel", methods=["POST"])
@role_required(Role.COORDINATOR)
def cancel(quarter: str):  # noqa: ANN201
    review = load_review(quarter)
    form = CancelForm()
    if not form.validate_on_submit():
        flash(_("Please give a reason for cancelling."), "error")
        return redirect(url_for("meetings.detail", quarter=review.quarter))
    service.cancel_review(review, current_user, form.reason.data.strip())
    return _done(_("The review was cancelled; the attendees are told."), review)


@meetings_bp.route("/<quarter>/minutes", methods=["POST"])
@role_required(Role.COORDINATOR)
def add_minute(quarter: str):  # noqa: ANN201
    review = load_review(quarter)
    form = MinuteForm(people_choices())
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
        return redirect(url_for("meetings.detail", quarter=review.quarter, _anchor="minutes"))
    data = service.MinuteData(
        section=form.section.data,
        ticket_number=form.ticket_number.data or "",
        note=form.note.data or "",
        decision=form.decision.data or "",
        action_title=form.action_title.data or "",
        action_owner_id=form.action_owner_id.data or None,
        action_due_date=form.action_due_date.data,
    )
    service.record_minute(review, current_user, data)
    return _done(_("The minutes were recorded."), review)


@meetings_bp.route("/<quarter>/held", methods=["POST"])
@role_required(Role.COORDINATOR)
def held(quarter: str):  # noqa: ANN201
    review = load_review(quarter)
    service.mark_held(review, current_user)
    return _done(_("The review is marked held; the minutes are sent to the attendees."), review)


@meetings_bp.route("/actions/<int:action_id>/done", methods=["POST"])
@login_required
def action_done(action_id: int):  # noqa: ANN201
    action = db.get_or_404(ActionItem, action_id)
    service.complete_action(action, current_user)
    flash(_("The action item is done."), "success")
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else "/")


@meetings_bp.route("/<quarter>/print")
@login_required
def print_view(quarter: str):  # noqa: ANN201
    review = load_review(quarter)
    agenda, snapshot = _requested_agenda(review)
    return render_agenda_document(review, agenda, snapshot.number if snapshot else None)


@meetings_bp.route("/<quarter>/print.css")
@login_required
def print_css(quarter: str):  # noqa: ANN201
    """The running header of the print view: CSS can't read it from the page (CSP: no inline)."""
    review = load_review(quarter)
    with org_language():
        css = render_template("meetings/_partials/page_margins.css", review=review)
    return Response(css, mimetype="text/css")


@meetings_bp.route("/<quarter>/agenda.pdf")
@login_required
def pdf(quarter: str):  # noqa: ANN201
    review = load_review(quarter)
    agenda, snapshot = _requested_agenda(review)
    document = agenda_pdf(review, agenda=agenda, snapshot=snapshot)
    return _download(document, "application/pdf", agenda_filename(review, snapshot=snapshot))


@meetings_bp.route("/<quarter>/minutes.pdf")
@login_required
def minutes_download(quarter: str):  # noqa: ANN201
    review = load_review(quarter)
    if review.status != ReviewStatus.HELD:
        abort(404)
    return _download(minutes_pdf(review), "application/pdf", f"minutes-{review.quarter}.pdf")


@meetings_bp.route("/<quarter>/invite.ics")
@login_required
def ics(quarter: str):  # noqa: ANN201
    review = load_review(quarter)
    method = "CANCEL" if review.status == ReviewStatus.CANCELLED else "PUBLISH"
    body = build_ics(review, attendee_users(review), method)
    return _download(body.encode(), "text/calendar", f"review-{review.quarter}.ics")


def _requested_agenda(review: QuarterlyReview) -> tuple[dict, AgendaSnapshot | None]:
    """The version in `?snapshot=N` (404 if there is none), else the latest, else the draft:
    a version printed for a meeting can be printed again as it was."""
    number = request.args.get("snapshot", type=int)
    agenda, snapshot = service.current_agenda(review, snapshot_number=number)
    if number is not None and snapshot is None:
        abort(404)
    return agenda, snapshot


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
