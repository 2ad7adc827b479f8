"""The outbox page: what is waiting, what failed and why, what went out; send again."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm

from backoffice.auth.models import Role
from backoffice.auth.permissions import role_required
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.mail.models import OutboxMessage
from backoffice.mail.outbox import outbox_overview, retry_now


@role_required(Role.ADMIN)
def index():  # noqa: ANN201
    return render_template("mail/outbox.html", overview=outbox_overview(), form=FlaskForm())


@role_required(Role.ADMIN)
def retry(message_id: int):  # noqa: ANN201
    message = db.get_or_404(OutboxMessage, message_id)
    if FlaskForm().validate_on_submit():
        retry_now(message)
        flash(_("The mail is sent again with the next delivery run."), "success")
    return redirect(url_for("mail.index"))
