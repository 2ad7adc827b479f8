"""Forms of the survey pages: plan a round, ask one more person, a lead's own questions,
the function's profile. (The answer form is built per invitation in `answers.py`.)"""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from backoffice.agreements.forms import MultiCheckboxField
from backoffice.field_bounds import InDateWindow
from backoffice.i18n import lazy_gettext as _l
from backoffice.surveys.models import MAX_OWN_QUESTIONS, SurveyRound
from backoffice.surveys.profiles import BOUNDARY_ROWS, Boundary, ProfileData
from backoffice.surveys.rounds import RoundData


class RoundForm(FlaskForm):
    version = HiddenField()
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    opens_date = DateField(_l("Opens on"), validators=[DataRequired(), InDateWindow()])
    closes_date = DateField(_l("Closes on (last day)"), validators=[DataRequired(), InDateWindow()])
    service_ids = MultiCheckboxField(_l("Services"), coerce=int)

    @classmethod
    def for_round(
        cls, survey_round: SurveyRound | None, choices: list[tuple[int, str]]
    ) -> RoundForm:
        """The form as posted, or filled from the round (its services ticked)."""
        form = cls(obj=survey_round)
        form.service_ids.choices = choices
        if survey_round is not None and not form.is_submitted():
            form.service_ids.data = [s.id for s in survey_round.services]
            form.version.data = str(survey_round.version)
        return form

    def to_data(self) -> RoundData:
        return RoundData(
            self.title.data.strip(), self.opens_date.data, self.closes_date.data,
            list(self.service_ids.data or []),
            int(self.version.data) if re.fullmatch(r"[0-9]{1,9}", self.version.data or "") else None,
        )  # fmt: skip


class RespondentForm(FlaskForm):
    email = StringField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)])


class QuestionEntry(Form):
    text_en = StringField(_l("English"), validators=[Optional(), Length(max=300)])
    text_de = StringField(_l("German"), validators=[Optional(), Length(max=300)])
    text_nl = StringField(_l("Dutch"), validators=[Optional(), Length(max=300)])


class QuestionsForm(FlaskForm):
    questions = FieldList(FormField(QuestionEntry), min_entries=MAX_OWN_QUESTIONS,
                          max_entries=MAX_OWN_QUESTIONS)  # fmt: skip

    def to_data(self) -> list[tuple[str, str, str]]:
        return [
            (
                (e.text_en.data or "").strip(),
                (e.text_de.data or "").strip(),
                (e.text_nl.data or "").strip(),
            )  # fmt: skip
            for e in self.questions.entries
        ]


def function_id(value: object) -> int:
    """A posted function id, or 0 ("nobody named") for an empty or unreadable one; the
    service refuses an id that names no function."""
    text = str(value if value is not None else "")
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else 0


class BoundaryEntry(Form):
    task = StringField(_l("Not our job"), validators=[Optional(), Length(max=300)])
    instead_function_id = SelectField(
        _l("Who does it instead"), coerce=function_id, validate_choice=False
    )


class ProfileForm(FlaskForm):
    version = HiddenField()
    purpose = TextAreaField(_l("What we are there for"), validators=[Optional(), Length(max=4000)])
    does = TextAreaField(
        _l("What we do (one item a line)"), validators=[Optional(), Length(max=4000)]
    )
    boundaries = FieldList(FormField(BoundaryEntry), min_entries=BOUNDARY_ROWS,
                           max_entries=BOUNDARY_ROWS)  # fmt: skip

    def set_functions(self, choices: list[tuple[int, str]]) -> None:
        for entry in self.boundaries.entries:
            entry.instead_function_id.choices = [(0, "—"), *choices]

    def to_data(self) -> ProfileData:
        return ProfileData(
            purpose=(self.purpose.data or "").strip(),
            does=(self.does.data or "").strip(),
            boundaries=[
                Boundary((e.task.data or "").strip(), e.instead_function_id.data or None)
                for e in self.boundaries.entries
                if (e.task.data or "").strip()
            ],
        )
