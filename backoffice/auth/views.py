"""Sign-in, sign-out, own preferences, and user administration under /admin/users."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import refresh
from flask_login import current_user, login_required, login_user, logout_user

from backoffice.auth.forms import EndSessionsForm, LoginForm, PreferencesForm, UserForm
from backoffice.auth.models import Role, User
from backoffice.auth.permissions import role_required
from backoffice.auth.service import (
    save_user,
    set_own_preferences,
    sign_in,
    sign_out_everywhere,
    sign_out_everywhere_else,
    users_by_name,
)
from backoffice.auth.user_sessions import describe_device, end_session, live_sessions_of
from backoffice.extensions import db
from backoffice.form_submission import form_status, submitted
from backoffice.i18n import LANGUAGE_NAMES
from backoffice.i18n import gettext as _
from backoffice.org.service import function_choices
from backoffice.security import safe_next_url

# What the pages listing sign-in sessions need besides the sessions.
SESSION_PAGE = {"describe_device": describe_device}


def login():  # noqa: ANN201
    if current_user.is_authenticated:
        return redirect(url_for("my_work.index"))
    form = LoginForm()
    client = (request.remote_addr or "", request.user_agent.string)
    sign = lambda: sign_in(form.email.data, form.password.data, form.remember.data, *client)  # noqa: E731
    if user := submitted(form, sign):
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
    end_session(current_user)
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
        return redirect(url_for("auth.preferences"))
    sessions = live_sessions_of(current_user)
    page = render_template("auth/preferences.html", form=form, sessions=sessions, **SESSION_PAGE)
    return page, form_status(form)


@login_required
def end_other_sessions():  # noqa: ANN201
    form = EndSessionsForm()
    if submitted(form, lambda: sign_out_everywhere_else(current_user)) is not None:
        flash(_("You are signed out everywhere else."), "success")
    return redirect(url_for("auth.preferences"))


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
    sessions = live_sessions_of(user) if user else []
    page = render_template(
        "auth/user_form.html", form=form, edited_user=user, sessions=sessions, **SESSION_PAGE
    )
    return page, form_status(form)


@role_required(Role.ADMIN)
def end_user_sessions(user_id: int):  # noqa: ANN201
    user = db.get_or_404(User, user_id)
    form = EndSessionsForm()
    if submitted(form, lambda: sign_out_everywhere(user, current_user)) is not None:
        flash(_("%(name)s is signed out everywhere.", name=user.name), "success")
    return redirect(url_for("admin_users.edit_user", user_id=user.id))
