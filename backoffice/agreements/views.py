"""Catalogue pages: everybody reads what each function promises; coordinators edit it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from backoffice.agreements.forms import AgreementForm, CalendarForm, ServiceForm, parse_closing_days
from backoffice.agreements.models import Agreement, BusinessCalendar, Service, TargetUnit
from backoffice.agreements.service import (
    AgreementData,
    CalendarData,
    Invalid,
    ServiceData,
    catalogue,
    delete_agreement,
    save_agreement,
    save_calendar,
    save_service,
)
from backoffice.auth.models import Role
from backoffice.auth.permissions import role_required
from backoffice.extensions import db
from backoffice.i18n import current_locale as locale
from backoffice.org.models import Function
from backoffice.org.service import function_choices, list_handoffs
from backoffice.tickets.models import PickListKind, Severity
from backoffice.tickets.picklists import pick_list_choices

agreements_bp = Blueprint("agreements", __name__, url_prefix="/agreements")


def target_text(amount: int, unit: TargetUnit | str) -> str:
    """'4 business hours', '3 business days', 'same business day'."""
    unit = TargetUnit(unit)
    if unit == TargetUnit.SAME_DAY:
        return _("same business day")
    if unit == TargetUnit.HOURS:
        return ngettext("%(num)d business hour", "%(num)d business hours", amount)
    return ngettext("%(num)d business day", "%(num)d business days", amount)


def _show_errors(form: FlaskForm, exc: Invalid) -> None:
    for name, message in exc.errors.items():
        getattr(form, name).errors.append(message)


@agreements_bp.route("/")
@login_required
def index():  # noqa: ANN201
    return render_template("agreements/catalogue.html", entries=catalogue())


@agreements_bp.route("/services/new", methods=["GET", "POST"])
@agreements_bp.route("/services/<int:service_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit_service(service_id: int | None = None):  # noqa: ANN201
    service = db.get_or_404(Service, service_id) if service_id else None
    form = ServiceForm(obj=service)
    form.provider_function_id.choices = function_choices(active_only=False)
    form.handoff_ids.choices = [(h.id, h.label) for h in list_handoffs()]
    if service and not form.is_submitted():
        form.handoff_ids.data = [h.id for h in service.handoffs]
    if form.validate_on_submit():
        data = ServiceData(
            provider_function_id=form.provider_function_id.data,
            name=form.name.data,
            description=form.description.data or "",
            handoff_ids=form.handoff_ids.data or [],
            is_active=form.is_active.data,
        )
        try:
            service = save_service(service, data, current_user)
        except Invalid as exc:
            _show_errors(form, exc)
        else:
            flash(_("Service %(name)s saved.", name=service.name), "success")
            return redirect(url_for("agreements.index", _anchor=f"service-{service.id}"))
    return render_template("agreements/service_form.html", form=form, service=service)


@agreements_bp.route("/services/<int:service_id>/agreements/new", methods=["GET", "POST"])
@agreements_bp.route(
    "/services/<int:service_id>/agreements/<int:agreement_id>", methods=["GET", "POST"]
)
@role_required(Role.COORDINATOR)
def edit_agreement(service_id: int, agreement_id: int | None = None):  # noqa: ANN201
    service = db.get_or_404(Service, service_id)
    agreement = db.get_or_404(Agreement, agreement_id) if agreement_id else None
    if agreement and agreement.service_id != service.id:
        abort(404)
    form = AgreementForm(pick_list_choices(PickListKind.CATEGORY, locale()), obj=agreement)
    if agreement and not form.is_submitted():
        form.severity.data = agreement.severity.value if agreement.severity else ""
        form.category_id.data = agreement.category_id or 0
    if form.validate_on_submit():
        data = AgreementData(
            severity=Severity(form.severity.data) if form.severity.data else None,
            category_id=form.category_id.data or None,
            response_amount=form.response_amount.data,
            response_unit=TargetUnit(form.response_unit.data),
            resolution_amount=form.resolution_amount.data,
            resolution_unit=TargetUnit(form.resolution_unit.data),
        )
        try:
            save_agreement(service, agreement, data, current_user)
        except Invalid as exc:
            _show_errors(form, exc)
        else:
            flash(_("The agreement is saved; open tickets got new due times."), "success")
            return redirect(url_for("agreements.index", _anchor=f"service-{service.id}"))
    return render_template(
        "agreements/agreement_form.html", form=form, service=service, agreement=agreement
    )


@agreements_bp.route(
    "/services/<int:service_id>/agreements/<int:agreement_id>/delete", methods=["POST"]
)
@role_required(Role.COORDINATOR)
def remove_agreement(service_id: int, agreement_id: int):  # noqa: ANN201
    agreement = db.get_or_404(Agreement, agreement_id)
    if agreement.service_id != service_id or not FlaskForm().validate_on_submit():
        abort(400)
    delete_agreement(agreement, current_user)
    flash(_("The agreement is deleted."), "success")
    return redirect(url_for("agreements.index", _anchor=f"service-{service_id}"))


@agreements_bp.route("/calendars/<int:function_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit_calendar(function_id: int):  # noqa: ANN201
    function = db.get_or_404(Function, function_id)
    calendar = db.session.scalar(
        select(BusinessCalendar).where(BusinessCalendar.function_id == function.id)
    )
    form = CalendarForm(obj=calendar)
    if not form.is_submitted():
        _fill_calendar_form(form, calendar)
    if form.validate_on_submit():
        data = CalendarData(
            timezone=form.timezone.data.strip(),
            weekdays=form.weekdays.data or [],
            day_start=form.day_start.data,
            day_end=form.day_end.data,
            holiday_country=(form.holiday_country.data or "").strip(),
            holiday_subdiv=(form.holiday_subdiv.data or "").strip(),
            closing_days=parse_closing_days(form.closing_days.data or ""),
        )
        try:
            save_calendar(function, data, current_user)
        except Invalid as exc:
            _show_errors(form, exc)
        else:
            flash(_("The calendar of %(name)s is saved.", name=function.name), "success")
            return redirect(url_for("agreements.index", _anchor=f"function-{function.id}"))
    return render_template("agreements/calendar_form.html", form=form, function=function)


def _fill_calendar_form(form: CalendarForm, calendar: BusinessCalendar | None) -> None:
    from flask import current_app

    from backoffice.agreements.calendars import default_calendar

    default = default_calendar()
    source = calendar or default
    form.weekdays.data = sorted(source.weekdays)
    form.day_start.data = source.day_start
    form.day_end.data = source.day_end
    form.timezone.data = source.timezone
    if calendar is None:
        form.holiday_country.data = current_app.config["HOLIDAY_COUNTRY"]
        form.holiday_subdiv.data = current_app.config["HOLIDAY_SUBDIV"]
    else:
        form.closing_days.data = "\n".join(
            f"{c.day.isoformat()} {c.name}".strip() for c in calendar.closing_days
        )
