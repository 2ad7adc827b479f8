"""Forms for signing in, preferences and user administration."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from backoffice.auth.models import Role, User
from backoffice.auth.passwords import MIN_PASSWORD_LENGTH
from backoffice.auth.service import UserData
from backoffice.i18n import LANGUAGE_NAMES
from backoffice.i18n import lazy_gettext as _l


def language_choices(with_browser_default: bool = True) -> list[tuple[str, str]]:
    choices = [("", str(_l("Browser language")))] if with_browser_default else []
    return choices + list(LANGUAGE_NAMES.items())


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Email(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in"))


class EndSessionsForm(FlaskForm):
    """The "sign out everywhere" buttons: nothing to fill in but the CSRF token."""


class PreferencesForm(FlaskForm):
    locale = SelectField(_l("Language"), validators=[Optional()])
    current_password = PasswordField(
        _l("Current password"),
        description=_l("Needed only to change your password."),
        validators=[Optional(), Length(max=200)],
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("Repeat new password"),
        validators=[EqualTo("new_password", message=_l("The passwords do not match."))],
    )

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.locale.choices = language_choices()


class UserForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"), validators=[DataRequired()])
    function_id = SelectField(_l("Function"), coerce=int, validators=[Optional()])
    locale = SelectField(_l("Language"), validators=[Optional()])
    is_active_user = BooleanField(_l("Active"), default=True)
    password = PasswordField(
        _l("Password"),
        description=_l(
            "At least %(n)d characters. Leave empty to keep the current one.", n=MIN_PASSWORD_LENGTH
        ),
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
    )

    def __init__(self, function_choices: list[tuple[int, str]], *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.role.choices = [(role.value, role.label) for role in Role]
        self.function_id.choices = [(0, str(_l("— none —")))] + function_choices
        self.locale.choices = language_choices()

    @classmethod
    def for_user(cls, user: User | None, function_choices: list[tuple[int, str]]) -> UserForm:
        """The form for a new user (None), or showing `user`'s stored values until posted."""
        form = cls(function_choices, obj=user)
        if user is not None and not form.is_submitted():
            form.function_id.data = user.function_id or 0
            form.role.data = user.role.value
            form.locale.data = user.locale or ""
        return form

    def to_data(self) -> UserData:
        return UserData(
            email=self.email.data,
            name=self.name.data,
            role=Role(self.role.data),
            function_id=self.function_id.data or None,
            locale=self.locale.data or None,
            is_active_user=self.is_active_user.data,
        )
