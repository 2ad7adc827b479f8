"""Token pages: make one (shown once), revoke one, and the administrators' list of all."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from backoffice.api.forms import SCOPE_LABELS, TokenForm
from backoffice.api.models import ApiToken
from backoffice.api.tokens import all_tokens, create_token, revoke_token, tokens_of
from backoffice.auth.models import Role, User
from backoffice.auth.permissions import role_required
from backoffice.extensions import db
from backoffice.form_submission import form_status, submitted
from backoffice.i18n import gettext as _
from backoffice.models import utcnow


def preferences_panel(user: User) -> dict[str, Any]:
    """The preferences page's part: the user's tokens and a link to make one."""
    return {"tokens": tokens_of(user), "now": utcnow(), "scopes": SCOPE_LABELS}


@login_required
def new_token():  # noqa: ANN201
    form = TokenForm()
    made = lambda: create_token(current_user, form.name.data, form.scope.data, form.days.data)  # noqa: E731
    if new := submitted(form, made):
        return render_template("api/token_created.html", token=new.token, secret=new.secret,
                               scopes=SCOPE_LABELS), 201  # fmt: skip
    return render_template("api/token_new.html", form=form), form_status(form)


@login_required
def revoke(token_id: int):  # noqa: ANN201
    revoke_token(db.get_or_404(ApiToken, token_id), current_user)
    flash(_("The token is revoked; it no longer works."), "success")
    return redirect(url_for("auth.preferences"))


@role_required(Role.ADMIN)
def admin_tokens():  # noqa: ANN201
    return render_template("api/admin_tokens.html", tokens=all_tokens(), now=utcnow(),
                           scopes=SCOPE_LABELS)  # fmt: skip


@role_required(Role.ADMIN)
def admin_revoke(token_id: int):  # noqa: ANN201
    revoke_token(db.get_or_404(ApiToken, token_id), current_user)
    flash(_("The token is revoked; it no longer works."), "success")
    return redirect(url_for("api_tokens.admin_tokens"))
