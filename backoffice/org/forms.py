"""Admin forms for functions and handoffs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class FunctionForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    lead_id = SelectField(_l("Lead"), coerce=int, validators=[Optional()])
    is_active = BooleanField(_l("Active"), default=True)

    def __init__(self, people: list[tuple[int, str]], *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.lead_id.choices = [(0, str(_l("— none —")))] + people


class HandoffForm(FlaskForm):
    name = StringField(
        _l("Name"),
        description=_l("What is handed over, e.g. “approved hours → invoice run”."),
        validators=[DataRequired(), Length(max=200)],
    )
    from_function_id = SelectField(_l("From function"), coerce=int, validators=[DataRequired()])
    to_function_id = SelectField(_l("To function"), coerce=int, validators=[DataRequired()])
    default_owner_id = SelectField(
        _l("Default root-cause owner"), coerce=int, validators=[Optional()]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    is_active = BooleanField(_l("Active"), default=True)

    def __init__(
        self,
        functions: list[tuple[int, str]],
        owners: list[tuple[int, str]],
        *args,
        **kwargs,  # noqa: ANN002, ANN003
    ) -> None:
        super().__init__(*args, **kwargs)
        self.from_function_id.choices = functions
        self.to_function_id.choices = functions
        self.default_owner_id.choices = [(0, str(_l("— none —")))] + owners
