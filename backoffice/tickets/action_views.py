"""POST endpoints that act on a ticket: workflow moves, comments, attachments, links.

Each view validates its form, calls one service or workflow function and
redirects; a failed form re-renders the ticket page with the input kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.org.service import owner_choices
from backoffice.tickets import workflow
from backoffice.tickets.attachments import AttachmentRefused, add_attachment, attachment_path
from backoffice.tickets.forms import (
    AnswerForm,
    AssignForm,
    AttachmentForm,
    CloseForm,
    CommentForm,
    DuplicateForm,
    LinkForm,
    QuestionForm,
    ReasonForm,
    ResolveForm,
    VersionedForm,
)
from backoffice.tickets.models import Attachment, LinkKind, PickListItem, PickListKind, Ticket
from backoffice.tickets.picklists import pick_list_choices
from backoffice.tickets.queries import ticket_attachments, ticket_links, ticket_timeline
from backoffice.tickets.service import LinkRefused, add_comment, find_ticket, link_tickets
from backoffice.tickets.views import (
    _changed_meanwhile_message,
    _version,
    load_ticket,
    locale,
    tickets_bp,
)
from backoffice.tickets.workflow import Action

FORM_CLASSES: dict[str, type[FlaskForm]] = {
    Action.ASSIGN: AssignForm,
    Action.START: VersionedForm,
    Action.DISPUTE: ReasonForm,
    Action.RESOLVE: ResolveForm,
    Action.CLOSE: CloseForm,
    Action.REOPEN: ReasonForm,
    Action.REJECT: ReasonForm,
    Action.MARK_DUPLICATE: DuplicateForm,
    Action.COMMENT: CommentForm,
    Action.ATTACH: AttachmentForm,
    Action.LINK: LinkForm,
    Action.ASK: QuestionForm,
    Action.ANSWER: AnswerForm,
    Action.RESUME: VersionedForm,
}


def _build_forms(ticket: Ticket, allowed: frozenset[Action]) -> dict[str, FlaskForm]:
    """One fresh form per action the user may take now (choices loaded only when needed)."""
    forms: dict[str, FlaskForm] = {}
    for action in allowed:
        if action not in FORM_CLASSES:
            continue
        form = FORM_CLASSES[action](formdata=None)
        if hasattr(form, "version"):
            form.version.data = str(ticket.version)
        forms[action] = form
    if Action.ASSIGN in forms:
        forms[Action.ASSIGN].owner_id.choices = owner_choices()
        forms[Action.ASSIGN].owner_id.data = ticket.owner_id or ticket.handoff.default_owner_id
        forms[Action.ASSIGN].due_date.data = ticket.due_date
    if Action.RESOLVE in forms:
        _resolve_choices(forms[Action.RESOLVE])
        for name in ("cause_analysis", "corrective_action", "preventive_action"):
            getattr(forms[Action.RESOLVE], name).data = getattr(ticket, name)
        forms[Action.RESOLVE].root_cause_id.data = ticket.root_cause_id or 0
    return forms


def _resolve_choices(form: ResolveForm) -> None:
    form.root_cause_id.choices = [(0, _("— choose —"))] + pick_list_choices(
        PickListKind.ROOT_CAUSE, locale()
    )


def render_ticket(ticket: Ticket, failed: tuple[str, FlaskForm] | None = None, status: int = 200):  # noqa: ANN201
    allowed = workflow.allowed_actions(current_user, ticket)
    forms = _build_forms(ticket, allowed)
    if failed:
        forms[failed[0]] = failed[1]
    return render_template(
        "tickets/detail.html",
        ticket=ticket,
        allowed=allowed,
        forms=forms,
        open_form=failed[0] if failed else None,
        timeline=ticket_timeline(ticket),
        attachments=ticket_attachments(ticket),
        links=ticket_links(ticket),
    ), status


@tickets_bp.route("/tickets/<number>")
@login_required
def detail(number: str):  # noqa: ANN201
    return render_ticket(load_ticket(number))


def _assign(ticket: Ticket, form: AssignForm) -> None:
    owner = db.session.get(User, form.owner_id.data)
    if owner is None or not owner.is_active_user or owner.role == owner.role.CLERK:
        form.owner_id.errors.append(_("Please choose an active owner."))
        raise _FormInvalid
    workflow.assign_root_cause_owner(
        ticket, current_user, owner, form.due_date.data, form.note.data or "", _version(form)
    )


def _resolve(ticket: Ticket, form: ResolveForm) -> None:
    root_cause = db.session.get(PickListItem, form.root_cause_id.data or 0)
    if root_cause is not None and root_cause.kind != PickListKind.ROOT_CAUSE:
        root_cause = None
    resolution = workflow.Resolution(
        root_cause=root_cause,
        cause_analysis=form.cause_analysis.data or "",
        corrective_action=form.corrective_action.data or "",
        preventive_action=form.preventive_action.data or "",
    )
    try:
        workflow.resolve_ticket(ticket, current_user, resolution, _version(form))
    except workflow.ResolutionIncomplete as exc:
        if "root_cause" in exc.fields:
            form.root_cause_id.errors.append(_("Name the root-cause category."))
        if "corrective_action" in exc.fields:
            form.corrective_action.errors.append(_("Describe the corrective action."))
        raise _FormInvalid from exc


def _duplicate(ticket: Ticket, form: DuplicateForm) -> None:
    original = find_ticket(form.original.data)
    if original is None or original.id == ticket.id:
        form.original.errors.append(_("No other ticket has this number."))
        raise _FormInvalid
    workflow.mark_duplicate(ticket, current_user, original, form.reason.data or "", _version(form))


def _close(ticket: Ticket, form: CloseForm) -> None:
    rating = int(form.rating.data) if form.rating.data else None
    workflow.confirm_resolution(
        ticket, current_user, rating, form.remark.data or "", _version(form)
    )


HANDLERS: dict[str, Callable[[Ticket, Any], None]] = {
    Action.ASSIGN: _assign,
    Action.START: lambda t, f: workflow.start_work(t, current_user, _version(f)),
    Action.DISPUTE: lambda t, f: workflow.dispute_assignment(
        t, current_user, f.reason.data, _version(f)
    ),
    Action.RESOLVE: _resolve,
    Action.CLOSE: _close,
    Action.REOPEN: lambda t, f: workflow.reopen_ticket(t, current_user, f.reason.data, _version(f)),
    Action.REJECT: lambda t, f: workflow.reject_ticket(t, current_user, f.reason.data, _version(f)),
    Action.MARK_DUPLICATE: _duplicate,
    Action.ASK: lambda t, f: workflow.ask_for_information(
        t, current_user, f.question.data, _version(f)
    ),
    Action.ANSWER: lambda t, f: workflow.answer_question(
        t, current_user, f.answer.data, _version(f)
    ),
    Action.RESUME: lambda t, f: workflow.resume_work(t, current_user, _version(f)),
}
SUCCESS_MESSAGES = {
    Action.ASSIGN: lambda: _("The root-cause owner is assigned."),
    Action.START: lambda: _("Work has started."),
    Action.DISPUTE: lambda: _("The assignment is disputed and back with the coordinator."),
    Action.RESOLVE: lambda: _("The ticket is resolved. The reporter is asked to confirm."),
    Action.CLOSE: lambda: _("The ticket is closed. Thank you."),
    Action.REOPEN: lambda: _("The ticket is reopened."),
    Action.REJECT: lambda: _("The ticket is rejected."),
    Action.MARK_DUPLICATE: lambda: _("The ticket is marked as a duplicate."),
    Action.ASK: lambda: _("The question is sent. The service clock pauses until the answer."),
    Action.ANSWER: lambda: _("Thank you. Work on the ticket resumes."),
    Action.RESUME: lambda: _("Work has resumed."),
}


class _FormInvalid(Exception):
    """A handler found a problem it reported on a form field."""


@tickets_bp.route(
    "/tickets/<number>/<any(assign,start,dispute,resolve,close,reopen,reject,duplicate,ask,answer,resume):action>",
    methods=["POST"],
)
@login_required
def transition(number: str, action: str):  # noqa: ANN201
    ticket = load_ticket(number)
    if not workflow.can(current_user, Action(action), ticket) and not _status_moved_on(
        ticket, action
    ):
        abort(403)
    form = FORM_CLASSES[action]()
    if action == Action.ASSIGN:
        form.owner_id.choices = owner_choices()
    if action == Action.RESOLVE:
        _resolve_choices(form)
    if not form.validate_on_submit():
        return render_ticket(ticket, (action, form), 400)
    try:
        HANDLERS[action](ticket, form)
    except _FormInvalid:
        return render_ticket(ticket, (action, form), 400)
    except workflow.ActionNotAllowed:
        abort(403)
    except (workflow.WrongStatus, workflow.ChangedMeanwhile):
        db.session.rollback()
        flash(_changed_meanwhile_message(), "error")
        ticket = load_ticket(number)
        form.version.data = str(ticket.version) if hasattr(form, "version") else None
        return render_ticket(ticket, (action, form), 409)
    flash(SUCCESS_MESSAGES[action](), "success")
    return redirect(url_for("tickets.detail", number=ticket.number))


def _status_moved_on(ticket: Ticket, action: str) -> bool:
    """Permitted in principle but not in this status: someone was faster (409, not 403)."""
    return workflow.is_permitted(current_user, Action(action), ticket)


@tickets_bp.route("/tickets/<number>/comments", methods=["POST"])
@login_required
def comment(number: str):  # noqa: ANN201
    ticket = load_ticket(number)
    form = CommentForm()
    if not form.validate_on_submit():
        return render_ticket(ticket, (Action.COMMENT, form), 400)
    add_comment(ticket, current_user, form.body.data)
    flash(_("Your comment is added."), "success")
    return redirect(url_for("tickets.detail", number=ticket.number, _anchor="timeline"))


@tickets_bp.route("/tickets/<number>/attachments", methods=["POST"])
@login_required
def upload(number: str):  # noqa: ANN201
    ticket = load_ticket(number)
    form = AttachmentForm()
    if form.validate_on_submit():
        try:
            add_attachment(ticket, current_user, form.file.data)
        except AttachmentRefused as exc:
            form.file.errors.append(_attachment_error(exc.reason))
        else:
            flash(_("The file is attached."), "success")
            return redirect(url_for("tickets.detail", number=ticket.number, _anchor="attachments"))
    return render_ticket(ticket, (Action.ATTACH, form), 400)


def _attachment_error(reason: str) -> str:
    if reason == "too_large":
        return _("The file is too large.")
    if reason == "empty":
        return _("The file is empty.")
    return _("This type of file is not accepted.")


@tickets_bp.route("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):  # noqa: ANN201
    attachment = db.get_or_404(Attachment, attachment_id)
    path = attachment_path(attachment)
    if not path.exists():
        abort(404)
    return send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )


@tickets_bp.route("/tickets/<number>/links", methods=["POST"])
@login_required
def link(number: str):  # noqa: ANN201
    ticket = load_ticket(number)
    if not workflow.can(current_user, Action.LINK, ticket):
        abort(403)
    form = LinkForm()
    if form.validate_on_submit():
        target = find_ticket(form.target.data)
        if target is None:
            form.target.errors.append(_("No ticket has this number."))
        else:
            try:
                link_tickets(ticket, current_user, target, LinkKind(form.kind.data))
            except LinkRefused:
                form.target.errors.append(_("This link is not possible or exists already."))
            else:
                flash(_("The tickets are linked."), "success")
                return redirect(url_for("tickets.detail", number=ticket.number))
    return render_ticket(ticket, (Action.LINK, form), 400)
