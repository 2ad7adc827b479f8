"""Forms of the review pages: plan/move, cancel, minutes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

SECTION_LABELS = {
    "open": _l("Open tickets by handoff"),
    "reported": _l("Reported since the last review"),
    "resolved": _l("Resolved since the last review"),
    "repeats": _l("Repeating causes"),
    "actions": _l("Action items from earlier reviews"),
    "figures": _l("Figures"),
    "agreements": _l("Service agreements"),
    "other": _l("Other business"),
}


class ReviewForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired()])
    start_time = TimeField(_l("Start time"), validators=[DataRequired()])
    duration_minutes = IntegerField(
        _l("Duration (minutes)"), validators=[DataRequired(), NumberRange(min=15, max=480)]
    )
    location = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    video_url = StringField(
        _l("Video link"), validators=[Optional(), URL(require_tld=False), Length(max=500)]
    )
    attendee_ids = SelectMultipleField(
        _l("Attendees"),
        coerce=int,
        description=_l("Hold Ctrl (or ⌘) to select several people."),
    )

    def __init__(self, people: list[tuple[int, str]], *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.attendee_ids.choices = people


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class MinuteForm(FlaskForm):
    section = SelectField(_l("Agenda item"), validators=[DataRequired()])
    ticket_number = StringField(_l("Ticket (optional)"), validators=[Optional(), Length(max=20)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=5000)])
    decision = TextAreaField(_l("Decision"), validators=[Optional(), Length(max=5000)])
    action_title = StringField(_l("Action item"), validators=[Optional(), Length(max=300)])
    action_owner_id = SelectField(_l("Who"), coerce=int, validators=[Optional()])
    action_due_date = DateField(_l("Due date"), validators=[Optional()])

    def __init__(self, people: list[tuple[int, str]], *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.section.choices = [(key, str(label)) for key, label in SECTION_LABELS.items()]
        self.action_owner_id.choices = [(0, str(_l("— none —")))] + people

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001
        if not super().validate(extra_validators):
            return False
        if not (self.note.data or self.decision.data or self.action_title.data):
            self.note.errors.append(str(_l("Write a note, a decision or an action item.")))
            return False
        if self.action_title.data and not self.action_owner_id.data:
            self.action_owner_id.errors.append(str(_l("Who does it?")))
            return False
        return True
