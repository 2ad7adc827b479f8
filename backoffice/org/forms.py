"""Admin forms for functions and handoffs."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from backoffice.i18n import lazy_gettext as _l
from backoffice.org.service import FunctionData, HandoffData


class FunctionForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    lead_id = SelectField(_l("Lead"), coerce=int, validators=[Optional()])
    is_active = BooleanField(_l("Active"), default=True)

    def __init__(self, people: list[tuple[int, str]], *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.lead_id.choices = [(0, str(_l("— none —")))] + people
        if kwargs.get("obj") is not None and not self.is_submitted():
            self.lead_id.data = kwargs["obj"].lead_id or 0

    def to_data(self) -> FunctionData:
        return FunctionData(
            name=self.name.data,
            description=self.description.data or "",
            lead_id=self.lead_id.data or None,
            is_active=self.is_active.data,
        )


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
        if kwargs.get("obj") is not None and not self.is_submitted():
            self.default_owner_id.data = kwargs["obj"].default_owner_id or 0

    def to_data(self) -> HandoffData:
        return HandoffData(
            name=self.name.data,
            from_function_id=self.from_function_id.data,
            to_function_id=self.to_function_id.data,
            default_owner_id=self.default_owner_id.data or None,
            description=self.description.data or "",
            is_active=self.is_active.data,
        )
