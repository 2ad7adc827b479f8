"""The form that makes a personal API token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from backoffice.api.models import TokenScope
from backoffice.api.tokens import EXPIRY_DAYS, NAME_MAX
from backoffice.i18n import lazy_gettext as _l

SCOPE_LABELS = {
    TokenScope.READ: _l("Read only"),
    TokenScope.READ_WRITE: _l("Read and write"),
}


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        description=_l("What the token is for, e.g. “Invoice run checks”."),
        validators=[DataRequired(_l("Give the token a name.")), Length(max=NAME_MAX)],
    )
    scope = SelectField(
        _l("Scope"), choices=[(s.value, SCOPE_LABELS[s]) for s in TokenScope], default="read"
    )
    days = SelectField(
        _l("Valid for"),
        coerce=int,
        default=90,
        choices=[(d, _l("%(n)d days", n=d)) for d in EXPIRY_DAYS],
    )
