"""Catalogue pages: everybody reads what each function promises; coordinators edit it.

The URLs are declared in `blueprint.py`.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from backoffice.agreements.catalogue import (
    catalogue,
    delete_agreement,
    save_agreement,
    save_calendar,
    save_service,
)
from backoffice.agreements.forms import AgreementForm, CalendarForm, ServiceForm
from backoffice.agreements.models import Agreement, BusinessCalendar, Service
from backoffice.auth.models import Role
from backoffice.auth.permissions import role_required
from backoffice.extensions import db
from backoffice.form_submission import form_status, submitted
from backoffice.i18n import gettext as _
from backoffice.org.models import Function


def _to_service(service_id: int) -> str:
    return url_for("agreements.index", _anchor=f"service-{service_id}")


@login_required
def index():  # noqa: ANN201
    return render_template("agreements/catalogue.html", entries=catalogue())


@role_required(Role.COORDINATOR)
def edit_service(service_id: int | None = None):  # noqa: ANN201
    service = db.get_or_404(Service, service_id) if service_id else None
    form = ServiceForm(service)
    if saved := submitted(form, lambda: save_service(service, form.to_data(), current_user)):
        flash(_("Service %(name)s saved.", name=saved.name), "success")
        return redirect(_to_service(saved.id))
    page = render_template("agreements/service_form.html", form=form, service=service)
    return page, form_status(form)


@role_required(Role.COORDINATOR)
def edit_agreement(service_id: int, agreement_id: int | None = None):  # noqa: ANN201
    service = db.get_or_404(Service, service_id)
    agreement = db.get_or_404(Agreement, agreement_id) if agreement_id else None
    if agreement and agreement.service_id != service.id:
        abort(404)
    form = AgreementForm(agreement)
    if submitted(form, lambda: save_agreement(service, agreement, form.to_data(), current_user)):
        flash(_("The agreement is saved; open tickets got new due times."), "success")
        return redirect(_to_service(service.id))
    page = render_template(
        "agreements/agreement_form.html", form=form, service=service, agreement=agreement
    )
    return page, form_status(form)


@role_required(Role.COORDINATOR)
def remove_agreement(service_id: int, agreement_id: int):  # noqa: ANN201
    agreement = db.get_or_404(Agreement, agreement_id)
    if agreement.service_id != service_id or not FlaskForm().validate_on_submit():
        abort(400)
    delete_agreement(agreement, current_user)
    flash(_("The agreement is deleted."), "success")
    return redirect(_to_service(service_id))


@role_required(Role.COORDINATOR)
def edit_calendar(function_id: int):  # noqa: ANN201
    function = db.get_or_404(Function, function_id)
    calendar = db.session.scalar(
        select(BusinessCalendar).where(BusinessCalendar.function_id == function.id)
    )
    form = CalendarForm(calendar)
    if submitted(form, lambda: save_calendar(function, form.to_data(), current_user)):
        flash(_("The calendar of %(name)s is saved.", name=function.name), "success")
        return redirect(url_for("agreements.index", _anchor=f"function-{function.id}"))
    page = render_template("agreements/calendar_form.html", form=form, function=function)
    return page, form_status(form)
