"""Sign-in, sign-out, own preferences, and user administration under /admin/users."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required, login_user, logout_user

from backoffice.auth.forms import LoginForm, PreferencesForm, UserForm
from backoffice.auth.models import Role, User
from backoffice.auth.permissions import role_required
from backoffice.auth.service import save_user, set_own_preferences, sign_in, users_by_name
from backoffice.extensions import db
from backoffice.form_submission import form_status, submitted
from backoffice.i18n import LANGUAGE_NAMES
from backoffice.org.service import function_choices
from backoffice.security import safe_next_url


def login():  # noqa: ANN201
    if current_user.is_authenticated:
        return redirect(url_for("my_work.index"))
    form = LoginForm()
    if user := submitted(form, lambda: sign_in(form.email.data, form.password.data)):
        login_user(user, remember=form.remember.data)
        return redirect(safe_next_url(request.args.get("next")) or url_for("my_work.index"))
    page = render_template("auth/login.html", form=form, languages=LANGUAGE_NAMES)
    return page, form_status(form)


def choose_language():  # noqa: ANN201
    """Language switch for visitors who are not signed in yet (kept in the session)."""
    locale = request.form.get("locale", "")
    if locale in LANGUAGE_NAMES:
        session["locale"] = locale
    return redirect(safe_next_url(request.form.get("next")) or url_for("auth.login"))


@login_required
def logout():  # noqa: ANN201
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@login_required
def preferences():  # noqa: ANN201
    form = PreferencesForm(obj=current_user)
    new_password = form.new_password.data
    save = lambda: set_own_preferences(  # noqa: E731
        current_user, form.locale.data, new_password, form.current_password.data
    )
    if submitted(form, save):
        refresh()  # the message in the language just chosen, not the one this request began in
        flash(_("Your preferences are saved."), "success")
        if new_password:
            login_user(current_user)  # other sessions end with the old password; keep this one
        return redirect(url_for("auth.preferences"))
    return render_template("auth/preferences.html", form=form), form_status(form)


@role_required(Role.ADMIN)
def list_users():  # noqa: ANN201
    return render_template("auth/users.html", users=users_by_name())


@role_required(Role.ADMIN)
def edit_user(user_id: int | None = None):  # noqa: ANN201
    user = db.get_or_404(User, user_id) if user_id else None
    form = UserForm.for_user(user, function_choices())
    save = lambda: save_user(user, form.to_data(), current_user, form.password.data)  # noqa: E731
    if saved := submitted(form, save):
        flash(_("User %(name)s saved.", name=saved.name), "success")
        return redirect(url_for("admin_users.list_users"))
    return render_template("auth/user_form.html", form=form, edited_user=user), form_status(form)
