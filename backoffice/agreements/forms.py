"""Forms of the service catalogue (coordinators edit; everybody reads).

Each form sets up its own choices and turns its input into the data the catalogue saves.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
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
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from backoffice.agreements.calendars import default_calendar
from backoffice.agreements.catalogue import AgreementData, CalendarData, ServiceData
from backoffice.agreements.models import (
    DEFAULT_TARGET_SHARE,
    TARGET_SHARE_RANGE,
    WEEKDAY_LABELS,
    Agreement,
    BusinessCalendar,
    Service,
    TargetUnit,
)
from backoffice.field_bounds import FiniteNumber, date_window_message, in_date_window
from backoffice.i18n import current_locale
from backoffice.i18n import lazy_gettext as _l
from backoffice.org.service import function_choices, list_handoffs
from backoffice.tickets.models import PickListKind, Severity
from backoffice.tickets.picklists import pick_list_choices


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
    target_share = IntegerField(
        _l("Target share met (%)"),
        description=_l(
            "The share of tickets that must meet their targets, from 50 to 100 %. "
            "The achievement bars are green at or above it."
        ),
        default=DEFAULT_TARGET_SHARE,
        validators=[
            DataRequired(_l("Give the target share in per cent.")),
            FiniteNumber(),
            NumberRange(
                min=TARGET_SHARE_RANGE[0],
                max=TARGET_SHARE_RANGE[1],
                message=_l("The target share is a whole per cent from %(min)s to %(max)s."),
            ),
        ],
    )

    def __init__(self, service: Service | None = None, **kwargs) -> None:  # noqa: ANN003
        super().__init__(obj=service, **kwargs)
        self.provider_function_id.choices = function_choices(active_only=False)
        self.handoff_ids.choices = [(h.id, h.label) for h in list_handoffs()]
        if service and not self.is_submitted():
            self.handoff_ids.data = [h.id for h in service.handoffs]

    def to_data(self) -> ServiceData:
        return ServiceData(
            provider_function_id=self.provider_function_id.data,
            name=self.name.data,
            description=self.description.data or "",
            handoff_ids=self.handoff_ids.data or [],
            is_active=self.is_active.data,
            target_share=self.target_share.data,
        )


def _unit_choices() -> list[tuple[str, str]]:
    return [(u.value, u.label) for u in TargetUnit]


class AgreementForm(FlaskForm):
    severity = SelectField(_l("Severity"), default="")
    category_id = SelectField(_l("Category"), coerce=int, default=0)
    response_amount = IntegerField(
        _l("Response target"),
        description=_l("First reaction by the owner."),
        validators=[Optional(), FiniteNumber()],
    )
    response_unit = SelectField(_l("counted in"), default=TargetUnit.HOURS.value)
    resolution_amount = IntegerField(
        _l("Resolution target"), validators=[Optional(), FiniteNumber()]
    )
    resolution_unit = SelectField(_l("counted in"), default=TargetUnit.DAYS.value)

    def __init__(self, agreement: Agreement | None = None, **kwargs) -> None:  # noqa: ANN003
        super().__init__(obj=agreement, **kwargs)
        self.severity.choices = [("", str(_l("any severity")))] + [
            (s.value, s.label) for s in Severity
        ]
        categories = pick_list_choices(PickListKind.CATEGORY, current_locale())
        self.category_id.choices = [(0, str(_l("any category"))), *categories]
        self.response_unit.choices = _unit_choices()
        self.resolution_unit.choices = _unit_choices()
        if agreement and not self.is_submitted():
            self.severity.data = agreement.severity.value if agreement.severity else ""
            self.category_id.data = agreement.category_id or 0

    def to_data(self) -> AgreementData:
        return AgreementData(
            severity=Severity(self.severity.data) if self.severity.data else None,
            category_id=self.category_id.data or None,
            response_amount=self.response_amount.data,
            response_unit=TargetUnit(self.response_unit.data),
            resolution_amount=self.resolution_amount.data,
            resolution_unit=TargetUnit(self.resolution_unit.data),
        )


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
            day = date.fromisoformat(day_text)
        except ValueError as exc:
            raise ValidationError(
                _l("Line %(line)s is not a date like 2026-12-24.", line=number)
            ) from exc
        if not in_date_window(day):
            raise ValidationError(
                _l("Line %(line)s: %(window)s", line=number, window=date_window_message())
            )
        days.append((day, name.strip()[:120]))
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

    def __init__(self, calendar: BusinessCalendar | None = None, **kwargs) -> None:  # noqa: ANN003
        super().__init__(obj=calendar, **kwargs)
        if not self.is_submitted():
            self._fill(calendar)

    def _fill(self, calendar: BusinessCalendar | None) -> None:
        """A new calendar starts from the organisation's default one."""
        source = calendar or default_calendar()
        self.weekdays.data = sorted(source.weekdays)
        self.day_start.data = source.day_start
        self.day_end.data = source.day_end
        self.timezone.data = source.timezone
        if calendar is None:
            self.holiday_country.data = current_app.config["HOLIDAY_COUNTRY"]
            self.holiday_subdiv.data = current_app.config["HOLIDAY_SUBDIV"]
        else:
            self.closing_days.data = "\n".join(
                f"{c.day.isoformat()} {c.name}".strip() for c in calendar.closing_days
            )

    def validate_closing_days(self, field: TextAreaField) -> None:
        parse_closing_days(field.data or "")

    def to_data(self) -> CalendarData:
        return CalendarData(
            timezone=self.timezone.data.strip(),
            weekdays=self.weekdays.data or [],
            day_start=self.day_start.data,
            day_end=self.day_end.data,
            holiday_country=(self.holiday_country.data or "").strip(),
            holiday_subdiv=(self.holiday_subdiv.data or "").strip(),
            closing_days=parse_closing_days(self.closing_days.data or ""),
        )
