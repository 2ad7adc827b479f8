"""The check's two forms on the ticket page post here; a refusal shows the ticket page
again with the form open and the input kept (`tickets.ticket_page.render_ticket`)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user, login_required

from backoffice.effectiveness.commands import change_check_date, record_verdict, require_decider
from backoffice.effectiveness.forms import CheckDateForm, VerdictForm, form_version
from backoffice.effectiveness.models import CheckState, EffectivenessCheck
from backoffice.extensions import db
from backoffice.form_submission import submitted
from backoffice.i18n import gettext as _
from backoffice.tickets.ticket_page import render_ticket


@login_required
def verdict(check_id: int):  # noqa: ANN201
    check = require_decider(db.get_or_404(EffectivenessCheck, check_id), current_user)
    form = VerdictForm()
    run = lambda: record_verdict(check, current_user, form.to_data(), form_version(form))  # noqa: E731
    if saved := submitted(form, run):
        if saved.state == CheckState.NOT_EFFECTIVE and saved.follow_up:
            flash(_("Verdict recorded. Follow-up ticket %(number)s is opened.",
                    number=saved.follow_up.number), "success")  # fmt: skip
        else:
            flash(_("Verdict recorded."), "success")
        return redirect(url_for("tickets.detail", number=check.ticket.number))
    return render_ticket(check.ticket, ("effectiveness_verdict", form))


@login_required
def check_date(check_id: int):  # noqa: ANN201
    check = require_decider(db.get_or_404(EffectivenessCheck, check_id), current_user)
    form = CheckDateForm()
    run = lambda: change_check_date(check, current_user, form.due_date.data, form_version(form))  # noqa: E731
    if submitted(form, run):
        flash(_("The check date is changed."), "success")
        return redirect(url_for("tickets.detail", number=check.ticket.number))
    return render_ticket(check.ticket, ("effectiveness_date", form))
