"""What a ticket action is: one entry says where it may start, where it leads, who may
take it, its form and button, and what the user is told afterwards.

The table of entries is `workflow.ACTIONS` (next to the moves it calls); the workflow's
checks, the transition view and the ticket page's buttons all read it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm

from backoffice.auth.models import User
from backoffice.i18n import current_locale
from backoffice.i18n import gettext as _
from backoffice.org.service import owner_choices
from backoffice.tickets.models import PickListKind, Status, Ticket
from backoffice.tickets.picklists import pick_list_choices


@dataclass(frozen=True)
class TicketAction:
    name: str
    allowed_from: frozenset[Status]
    target: Status | None  # None: the status stays (edit, comment, attach, link)
    may: Callable[[User, Ticket], bool]
    form: type[FlaskForm] | None = None
    title: Any = None  # the button (a lazy string)
    success: Any = None  # the message after it worked (a lazy string)
    # Calls the workflow with what the form says; returns the ticket (or what was added).
    perform: Callable[[Ticket, User, Any], object] | None = None
    choices: Callable[[Any], None] | None = None  # fills select fields, fresh or posted
    prefill: Callable[[Any, Ticket], None] | None = None  # a fresh form starts from the ticket
    inline: bool = False  # a single button without fields
    primary: bool = False

    @property
    def is_move(self) -> bool:
        return self.target is not None

    def new_form(self, ticket: Ticket, posted: bool = False) -> Any:  # noqa: ANN401
        """The action's form: with the posted data, or fresh and prefilled for the page."""
        assert self.form is not None
        form = self.form() if posted else self.form(formdata=None)
        if self.choices:
            self.choices(form)
        if not posted:
            if hasattr(form, "version"):
                form.version.data = str(ticket.version)
            if self.prefill:
                self.prefill(form, ticket)
        return form


def form_version(form: Any) -> int:  # noqa: ANN401
    """The ticket version the form was opened on; a form without one counts as stale."""
    try:
        return int(form.version.data)
    except (AttributeError, TypeError, ValueError):
        return -1


def owner_choices_of(form: Any) -> None:  # noqa: ANN401
    form.owner_id.choices = owner_choices()


def prefill_assignment(form: Any, ticket: Ticket) -> None:  # noqa: ANN401
    form.owner_id.data = ticket.owner_id or ticket.handoff.default_owner_id
    form.due_date.data = ticket.due_date


def root_cause_choices_of(form: Any) -> None:  # noqa: ANN401
    form.root_cause_id.choices = [(0, _("— choose —"))] + pick_list_choices(
        PickListKind.ROOT_CAUSE, current_locale()
    )


def prefill_resolution(form: Any, ticket: Ticket) -> None:  # noqa: ANN401
    names = ("cause_analysis", "corrective_action", "preventive_action", "no_prevention_note")
    for name in names:
        getattr(form, name).data = getattr(ticket, name)
    form.root_cause_id.data = ticket.root_cause_id or 0
    form.no_prevention_reason.data = ticket.no_prevention_reason
