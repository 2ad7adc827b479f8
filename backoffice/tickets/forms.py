"""Forms for reporting, editing and moving tickets."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
)

from backoffice.amounts import AmountField
from backoffice.auth.models import User
from backoffice.field_bounds import FiniteNumber, InDateWindow
from backoffice.i18n import current_locale
from backoffice.i18n import lazy_gettext as _l
from backoffice.org.models import Handoff
from backoffice.org.service import function_choices, list_handoffs
from backoffice.tickets.filters import PERIOD_RE
from backoffice.tickets.models import (
    MANUAL_LINK_KINDS,
    RATING_LABELS,
    LinkKind,
    NoPrevention,
    PickListKind,
    Severity,
    Ticket,
    rating_text,
)
from backoffice.tickets.picklists import pick_list_choices

CURRENCIES = ("EUR", "USD", "GBP", "CHF", "DKK", "SEK", "NOK", "PLN")


def chosen_id(value: object) -> int | None:
    """A select's id: None for "— choose —", ValueError for anything no database holds."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    text = str(value)
    if not (text.isascii() and text.isdigit() and len(text) <= 10 and int(text) < 2**31):
        raise ValueError(text)
    return int(text)


class Chosen:
    """A select whose "— choose —" (0 or empty) is not an answer; marks the field required."""

    field_flags = {"required": True}

    def __init__(self, message: object) -> None:
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if not field.data:
            field.errors[:] = []  # "Not a valid choice" says less than the message
            raise StopValidation(str(self.message))


class VersionedForm(FlaskForm):
    """Carries the ticket version the user saw, so a stale submit is caught (optimistic locking)."""

    version = HiddenField()


class TicketForm(VersionedForm):
    """The report form; also used to edit a ticket (with `version` for optimistic locking)."""

    title = StringField(
        _l("What went wrong?"),
        description=_l("One line, e.g. “Hours of week 14 booked on the wrong project”."),
        validators=[DataRequired(_l("Say in one line what went wrong.")), Length(max=200)],
    )
    found_in_function_id = SelectField(_l("Found in (your function)"), coerce=int)
    handoff_id = SelectField(
        _l("Handoff"),
        coerce=chosen_id,
        validators=[InputRequired(_l("Choose the handoff where the defect arose."))],
        render_kw={"data-filter": _l("Find a handoff")},
    )
    category_id = SelectField(
        _l("Category"), coerce=chosen_id, validators=[InputRequired(_l("Choose a category."))]
    )
    severity = SelectField(_l("Severity"), default=Severity.MEDIUM.value)
    description = TextAreaField(
        _l("What happened?"),
        description=_l("What you found, where, and what you expected instead."),
        validators=[DataRequired(_l("Describe what happened.")), Length(max=20000)],
    )
    external_reference = StringField(
        _l("Reference"),
        description=_l("Invoice, timesheet, customer or order number."),
        validators=[Optional(), Length(max=100)],
    )
    billing_period = StringField(
        _l("Billing period"),
        description=_l("Month as YYYY-MM."),
        validators=[
            Optional(),
            Regexp(PERIOD_RE, message=_l("Use the form YYYY-MM, e.g. 2026-03.")),
        ],
    )
    impact_amount = AmountField(_l("Financial impact"), validators=[Optional()])
    impact_currency = SelectField(_l("Currency"), choices=[(c, c) for c in CURRENCIES])
    records_affected = IntegerField(
        _l("Records affected"),
        validators=[Optional(), FiniteNumber(), NumberRange(min=0, max=10_000_000)],
    )
    due_date = DateField(_l("Due date"), validators=[Optional(), InDateWindow()])

    def set_choices(
        self,
        functions: list[tuple[int, str]],
        handoffs: list[SelectChoice],
        categories: list[tuple[int, str]],
    ) -> None:
        choose = SelectChoice("", str(_l("— choose —")))
        self.found_in_function_id.choices = [(0, str(_l("— not given —")))] + functions
        self.handoff_id.choices = [choose, *handoffs]
        self.category_id.choices = [choose, *(SelectChoice(*c) for c in categories)]
        self.severity.choices = [(s.value, s.label) for s in Severity]


def handoff_label(handoff: Handoff) -> str:
    """ "Time registration → Invoicing: approved hours → invoice run" """
    return f"{handoff.from_function.name} → {handoff.to_function.name}: {handoff.name}"


def handoff_choices(into_function_id: int | None, into_label: str) -> list[SelectChoice]:
    """The active handoffs; those into `into_function_id` first, as their own group."""
    handoffs = list_handoffs(active_only=True)  # by from, to and name
    ours = [h for h in handoffs if h.to_function_id == into_function_id]
    if not ours:
        return [SelectChoice(h.id, handoff_label(h)) for h in handoffs]
    others = str(_l("Other handoffs"))
    return [SelectChoice(h.id, handoff_label(h), optgroup=into_label) for h in ours] + [
        SelectChoice(h.id, handoff_label(h), optgroup=others) for h in handoffs if h not in ours
    ]


def ticket_form(user: User, ticket: Ticket | None = None) -> TicketForm:
    """The report form (no ticket) or the edit form, with its choices and first values."""
    form = TicketForm(obj=ticket)
    if ticket is None:
        handoffs = handoff_choices(user.function_id, str(_l("Into your function")))
    else:
        into = str(_l("Into the function where it was found"))
        handoffs = handoff_choices(ticket.found_in_function_id, into)
    form.set_choices(
        function_choices(),
        handoffs,
        pick_list_choices(PickListKind.CATEGORY, current_locale()),
    )
    if not form.is_submitted():
        if ticket is None:
            form.found_in_function_id.data = user.function_id or 0
            form.impact_currency.data = current_app.config["DEFAULT_CURRENCY"]
        else:
            form.severity.data = ticket.severity.value
            form.found_in_function_id.data = ticket.found_in_function_id or 0
            form.version.data = str(ticket.version)
    return form


class AssignForm(VersionedForm):
    owner_id = SelectField(
        _l("Root-cause owner"),
        coerce=int,
        validators=[InputRequired(_l("Choose who owns the root cause."))],
    )
    due_date = DateField(_l("Due date"), validators=[Optional(), InDateWindow()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class ResolveForm(VersionedForm):
    root_cause_id = SelectField(
        _l("Root-cause category"),
        coerce=int,
        validators=[Chosen(_l("Name the root-cause category."))],
    )
    cause_analysis = TextAreaField(
        _l("Cause analysis"),
        description=_l("Ask “why?” until you reach the cause (5 whys)."),
        validators=[Optional(), Length(max=20000)],
    )
    corrective_action = TextAreaField(
        _l("Corrective action"),
        description=_l("What fixed this case."),
        validators=[DataRequired(_l("Describe the corrective action.")), Length(max=20000)],
    )
    preventive_action = TextAreaField(
        _l("Preventive action"),
        description=_l(
            "What stops it from coming back. Its effect is checked later. If none is "
            "possible, say why below."
        ),
        validators=[Optional(), Length(max=20000)],
    )
    no_prevention_reason = SelectField(_l("None possible, because"), default="")
    no_prevention_note = TextAreaField(
        _l("Explanation"),
        description=_l("One sentence: why nothing can stop it from coming back."),
        validators=[Optional(), Length(max=2000)],
    )

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.no_prevention_reason.choices = [("", _l("— there is a preventive action —"))] + [
            (reason.value, reason.label) for reason in NoPrevention
        ]


def rating_choices() -> list[tuple[str, str]]:
    """ "1: not resolved" … "5: resolved for good", in the reader's language."""
    return [(str(n), rating_text(n)) for n in RATING_LABELS]


class CloseForm(VersionedForm):
    defect_gone = RadioField(
        _l("Is the defect gone?"),
        choices=[("yes", _l("Yes")), ("no", _l("No"))],
        validators=[InputRequired(_l("Say whether the defect is gone."))],
    )
    rating = RadioField(
        _l("How well was it resolved? (optional)"),
        choices=rating_choices,
        validators=[Optional()],
    )
    remark = TextAreaField(_l("Remark"), validators=[Optional(), Length(max=2000)])


# Dispute, reopen and reject each need a reason that stays on record; each form says
# what is missing in its own words.
class DisputeForm(VersionedForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(_l("Say why this is not your cause.")), Length(max=2000)],
    )


class ReopenForm(VersionedForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(_l("Say why the defect is not resolved.")), Length(max=2000)],
    )


class RejectForm(VersionedForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(_l("Say why this is not a handoff defect.")), Length(max=2000)],
    )


class QuestionForm(VersionedForm):
    """Asking the reporter for information pauses the service clock until the answer."""

    question = TextAreaField(
        _l("Your question to the reporter"),
        validators=[DataRequired(_l("Write your question to the reporter.")), Length(max=2000)],
    )


class AnswerForm(VersionedForm):
    answer = TextAreaField(
        _l("Your answer"), validators=[DataRequired(_l("Write your answer.")), Length(max=2000)]
    )


class DuplicateForm(VersionedForm):
    original = StringField(
        _l("Duplicate of ticket"),
        description=_l("Number of the original ticket, e.g. HD-2026-00042."),
        validators=[DataRequired(_l("Give the number of the original ticket.")), Length(max=20)],
    )
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Comment"), validators=[DataRequired(_l("Write your comment.")), Length(max=20000)]
    )


class AttachmentForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to attach."))])


class LinkForm(FlaskForm):
    kind = SelectField(_l("Link type"), default=LinkKind.RELATED_TO.value)
    target = StringField(
        _l("Ticket number"),
        validators=[DataRequired(_l("Give the number of the ticket to link.")), Length(max=20)],
    )

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.kind.choices = [(k.value, k.label) for k in MANUAL_LINK_KINDS]
