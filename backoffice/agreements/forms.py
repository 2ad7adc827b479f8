"""Forms of the service catalogue (coordinators edit; everybody reads)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from backoffice.agreements.models import WEEKDAY_LABELS, TargetUnit
from backoffice.tickets.models import Severity


class ServiceForm(FlaskForm):
    provider_function_id = SelectField(_l("Provided by"), coerce=int, validators=[DataRequired()])
    name = StringField(
        _l("Name"),
        description=_l("What you provide, e.g. “Answering questions about hour registrations”."),
        validators=[DataRequired(), Length(max=200)],
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    handoff_ids = SelectMultipleField(_l("Handoffs covered"), coerce=int)
    is_active = BooleanField(_l("Active"), default=True)


def _unit_choices() -> list[tuple[str, str]]:
    return [(u.value, u.label) for u in TargetUnit]


class AgreementForm(FlaskForm):
    severity = SelectField(_l("Severity"), default="")
    category_id = SelectField(_l("Category"), coerce=int, default=0)
    response_amount = IntegerField(
        _l("Response target"),
        description=_l("First reaction by the owner."),
        validators=[Optional()],
    )
    response_unit = SelectField(_l("counted in"), default=TargetUnit.HOURS.value)
    resolution_amount = IntegerField(_l("Resolution target"), validators=[Optional()])
    resolution_unit = SelectField(_l("counted in"), default=TargetUnit.DAYS.value)

    def __init__(self, categories: list[tuple[int, str]], *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.severity.choices = [("", str(_l("any severity")))] + [
            (s.value, s.label) for s in Severity
        ]
        self.category_id.choices = [(0, str(_l("any category")))] + categories
        self.response_unit.choices = _unit_choices()
        self.resolution_unit.choices = _unit_choices()


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def parse_closing_days(text: str) -> list[tuple[date, str]]:
    """One day a line: `2026-12-24 Christmas Eve` (the name is optional)."""
    days = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        day_text, _sep, name = line.partition(" ")
        try:
            days.append((date.fromisoformat(day_text), name.strip()[:120]))
        except ValueError as exc:
            raise ValidationError(
                _l("Line %(line)s is not a date like 2026-12-24.", line=number)
            ) from exc
    return days


class CalendarForm(FlaskForm):
    weekdays = MultiCheckboxField(
        _l("Working days"),
        coerce=int,
        choices=[(i, label) for i, label in enumerate(WEEKDAY_LABELS)],
    )
    day_start = TimeField(_l("Working day starts"), validators=[DataRequired()])
    day_end = TimeField(_l("Working day ends"), validators=[DataRequired()])
    timezone = StringField(_l("Time zone"), validators=[DataRequired(), Length(max=64)])
    holiday_country = StringField(
        _l("Public holidays of country"),
        description=_l("Two letters, e.g. DE, NL, BE; empty for none."),
        validators=[Optional(), Length(max=2)],
    )
    holiday_subdiv = StringField(
        _l("Region"), description=_l("E.g. NW for North Rhine-Westphalia."),
        validators=[Optional(), Length(max=10)],
    )  # fmt: skip
    closing_days = TextAreaField(
        _l("Company closing days"),
        description=_l("One a line: 2026-12-28 Between the years."),
        validators=[Optional(), Length(max=5000)],
    )

    def validate_closing_days(self, field: TextAreaField) -> None:
        parse_closing_days(field.data or "")
