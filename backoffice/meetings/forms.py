"""Forms of the review pages: plan/move, cancel, minutes."""

from __future__ import annotations

from datetime import UTC, datetime

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

from backoffice.field_bounds import FiniteNumber, InDateWindow
from backoffice.i18n import lazy_gettext as _l
from backoffice.i18n import org_timezone
from backoffice.meetings.attendees import attendee_users
from backoffice.meetings.commands import MinuteData, ReviewChanges
from backoffice.meetings.models import QuarterlyReview

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
    day = DateField(_l("Date"), validators=[DataRequired(), InDateWindow()])
    start_time = TimeField(_l("Start time"), validators=[DataRequired()])
    duration_minutes = IntegerField(
        _l("Duration (minutes)"),
        validators=[DataRequired(), FiniteNumber(), NumberRange(min=15, max=480)],
    )
    location = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    video_url = StringField(
        _l("Video link"), validators=[Optional(), URL(require_tld=False), Length(max=500)]
    )
    # Shown as checkboxes grouped by function (meetings/edit.html); posted like a multi-select.
    attendee_ids = SelectMultipleField(_l("Attendees"), coerce=int)

    def __init__(self, people: list[tuple[int, str]], *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.attendee_ids.choices = people

    @classmethod
    def for_review(cls, review: QuarterlyReview, people: list[tuple[int, str]]) -> ReviewForm:
        """The form as posted, or filled from the review: its start in the organisation's zone."""
        form = cls(people, obj=review)
        if not form.is_submitted():
            local = review.starts_at.astimezone(org_timezone())
            form.day.data, form.start_time.data = local.date(), local.time()
            form.attendee_ids.data = [u.id for u in attendee_users(review)]
        return form

    def changes(self) -> ReviewChanges:
        starts = datetime.combine(self.day.data, self.start_time.data, org_timezone())
        return ReviewChanges(
            starts_at=starts.astimezone(UTC),
            duration_minutes=self.duration_minutes.data,
            location=(self.location.data or "").strip(),
            video_url=(self.video_url.data or "").strip(),
            attendee_ids=set(self.attendee_ids.data or []),
        )


class ConfirmForm(FlaskForm):
    """A button on the review page (publish, held): nothing to fill in but the CSRF token."""


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(_l("Please give a reason for cancelling.")), Length(max=2000)],
    )


class MinuteForm(FlaskForm):
    section = SelectField(_l("Agenda item"), validators=[DataRequired()])
    ticket_number = StringField(_l("Ticket (optional)"), validators=[Optional(), Length(max=20)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=5000)])
    decision = TextAreaField(_l("Decision"), validators=[Optional(), Length(max=5000)])
    action_title = StringField(_l("Action item"), validators=[Optional(), Length(max=300)])
    action_owner_id = SelectField(_l("Who"), coerce=int, validators=[Optional()])
    action_due_date = DateField(_l("Due date"), validators=[Optional(), InDateWindow()])

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

    def minute_data(self) -> MinuteData:
        return MinuteData(
            section=self.section.data,
            ticket_number=self.ticket_number.data or "",
            note=self.note.data or "",
            decision=self.decision.data or "",
            action_title=self.action_title.data or "",
            action_owner_id=self.action_owner_id.data or None,
            action_due_date=self.action_due_date.data,
        )
