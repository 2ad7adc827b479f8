"""Sign-in, sign-out, own preferences, and user administration under /admin/users."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backoffice.auth.forms import LoginForm, PreferencesForm, UserForm
from backoffice.auth.models import Role, User
from backoffice.auth.passwords import verify_password
from backoffice.auth.permissions import role_required
from backoffice.auth.service import (
    EmailTaken,
    LoginThrottled,
    UserData,
    authenticate,
    create_user,
    set_own_preferences,
    update_user,
)
from backoffice.extensions import db
from backoffice.i18n import LANGUAGE_NAMES
from backoffice.org.service import function_choices
from backoffice.security import safe_next_url

auth_bp = Blueprint("auth", __name__)
admin_users_bp = Blueprint("admin_users", __name__, url_prefix="/admin/users")


@auth_bp.route("/login", methods=["GET", "POST"])
def login():  # noqa: ANN201
    if current_user.is_authenticated:
        return redirect(url_for("my_work.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except LoginThrottled as exc:
            form.password.errors.append(
                _(
                    "Too many failed attempts. Try again after %(time)s.",
                    time=format_datetime(exc.until, "short"),
                )
            )
        else:
            if user is None:
                form.password.errors.append(_("E-mail or password is wrong."))
            else:
                login_user(user, remember=form.remember.data)
                return redirect(safe_next_url(request.args.get("next")) or url_for("my_work.index"))
    return render_template("auth/login.html", form=form, languages=LANGUAGE_NAMES)


@auth_bp.route("/language", methods=["POST"])
def choose_language():  # noqa: ANN201
    """Language switch for visitors who are not signed in yet (kept in the session)."""
    locale = request.form.get("locale", "")
    if locale in LANGUAGE_NAMES:
        session["locale"] = locale
    return redirect(safe_next_url(request.form.get("next")) or url_for("auth.login"))


@auth_bp.route("/logout", methods=["POST"])
@login_required
def logout():  # noqa: ANN201
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@auth_bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():  # noqa: ANN201
    form = PreferencesForm(obj=current_user)
    if form.validate_on_submit() and _current_password_confirmed(form):
        set_own_preferences(current_user, form.locale.data, form.new_password.data)
        if form.new_password.data:
            login_user(current_user)  # other sessions end with the old password; keep this one
        flash(_("Your preferences are saved."), "success")
        return redirect(url_for("auth.preferences"))
    return render_template("auth/preferences.html", form=form)


def _current_password_confirmed(form: PreferencesForm) -> bool:
    """A new password needs the current one, so an unattended session cannot take over the account."""
    if form.new_password.data and not verify_password(
        current_user.password_hash, form.current_password.data or ""
    ):
        form.current_password.errors.append(_("Your current password is not right."))
        return False
    return True


@admin_users_bp.route("/")
@role_required(Role.ADMIN)
def list_users():  # noqa: ANN201
    users = db.session.scalars(
        select(User).options(selectinload(User.function)).order_by(User.name)
    ).all()
    return render_template("auth/users.html", users=users)


@admin_users_bp.route("/new", methods=["GET", "POST"])
@admin_users_bp.route("/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_user(user_id: int | None = None):  # noqa: ANN201
    user = db.get_or_404(User, user_id) if user_id else None
    form = UserForm(function_choices(), obj=user)
    if user and request.method == "GET":
        form.function_id.data = user.function_id or 0
        form.role.data = user.role.value
        form.locale.data = user.locale or ""
    if form.validate_on_submit() and _user_form_is_consistent(form, user):
        data = UserData(
            email=form.email.data,
            name=form.name.data,
            role=Role(form.role.data),
            function_id=form.function_id.data or None,
            locale=form.locale.data or None,
            is_active_user=form.is_active_user.data,
        )
        try:
            if user is None:
                user = create_user(data, form.password.data, actor=current_user)
            else:
                update_user(user, data, current_user, form.password.data or None)
        except EmailTaken:
            form.email.errors.append(_("Another user already has this e-mail address."))
        else:
            flash(_("User %(name)s saved.", name=user.name), "success")
            return redirect(url_for("admin_users.list_users"))
    return render_template("auth/user_form.html", form=form, edited_user=user)


def _user_form_is_consistent(form: UserForm, user: User | None) -> bool:
    """Checks that need to know who is editing whom."""
    if user is None and not form.password.data:
        form.password.errors.append(_("A new user needs a password."))
        return False
    if user is not None and user.id == current_user.id:
        if form.role.data != Role.ADMIN.value:
            form.role.errors.append(_("You cannot take away your own administrator role."))
            return False
        if not form.is_active_user.data:
            form.is_active_user.errors.append(_("You cannot deactivate yourself."))
            return False
    return True
