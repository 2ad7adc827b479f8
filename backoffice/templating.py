"""Jinja filters and globals: locale-aware formatting and small display helpers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.numbers import format_currency, format_decimal
from flask import Flask, request, url_for
from flask_login import current_user
from jinja2 import FileSystemBytecodeCache, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from backoffice.amounts import format_amount
from backoffice.date_formats import (
    parse_stamp,
    show_date,
    show_datetime,
    show_long_date,
    show_month,
    show_time,
)
from backoffice.extension_points import filled_slots, slot_templates
from backoffice.i18n import (
    LANGUAGE_NAMES,
    current_locale,
    current_translations,
    org_timezone_name,
)
from backoffice.i18n import lazy_gettext as _l
from backoffice.tickets.deadline import next_deadline
from backoffice.tickets.events import event_note
from backoffice.tickets.figures import counting_note


@lru_cache(maxsize=8192)
def _money(amount: Decimal, currency: str, locale: str) -> str:
    return format_currency(amount, currency, locale=locale)


@lru_cache(maxsize=8192)
def _number(kind: type, value: int | Decimal, locale: str) -> str:
    return format_decimal(value, locale=locale)


# Babel takes 20-40 µs for one amount or count; a list page shows a hundred, the same ones
# again and again. Equal numbers are written alike, so the texts are remembered per locale.
def format_money(amount: Decimal | None, currency: str = "EUR") -> str:
    return _money(amount, currency, current_locale()) if amount is not None else ""


def format_number(value: int | Decimal | None) -> str:
    return _number(type(value), value, current_locale()) if value is not None else ""


def pick_label(item: Any) -> Markup:  # noqa: ANN401
    """A pick-list item's label for the reader; one in another language is marked as such."""
    if not item:
        return Markup("")
    locale = current_locale()
    label, language = item.label_in(locale)
    if language == locale:
        return Markup.escape(label)
    return Markup(
        '<span lang="{lang}">{label}</span> <small class="lang-fallback" lang="{lang}"'
        ' title="{name}">({lang})</small>'
    ).format(lang=language, label=label, name=LANGUAGE_NAMES.get(language, language))


def pick_text(item: Any) -> str:  # noqa: ANN401
    """The same label as plain text, for an <option>: "Late delivery (en)"."""
    return item.label_for(current_locale()) if item else ""


# A language's name in the reader's language ("German" for an English reader).
LANGUAGE_IN_READERS_WORDS = {"en": _l("English"), "de": _l("German"), "nl": _l("Dutch")}


def language_name(code: str) -> str:
    return str(LANGUAGE_IN_READERS_WORDS.get(code, code))


def status_label(value: str) -> str:
    """Label of a status stored as text (in the timeline)."""
    from backoffice.tickets.models import Status

    return Status(value).label if value in Status._value2member_map_ else value


YES_NO = {"True": _l("Yes"), "False": _l("No")}  # a yes/no answer as the timeline stores it


def timeline_value(field: str, value: str) -> str:
    """A stored event value (plain text) shown in the reader's format and language."""
    from backoffice.tickets.models import NoPrevention, Severity, rating_text

    if not value:
        return ""
    if field == "rating":
        return rating_text(value)
    if field == "defect_gone":
        return str(YES_NO.get(value, value))
    try:
        if field == "due_date":
            return show_date(date.fromisoformat(value))
        if field.endswith("_dt"):
            return show_datetime(parse_stamp(value)) or value
        if field == "impact_amount":
            return format_amount(Decimal(value))
    except ValueError:
        return value
    if field == "severity" and value in Severity._value2member_map_:
        return Severity(value).label
    if field == "no_prevention_reason" and value in NoPrevention._value2member_map_:
        return NoPrevention(value).label
    return value


NOT_SHOWN_FIELDS = ("CSRFTokenField", "HiddenField", "SubmitField")


def opens_required_form(field: Any) -> bool:  # noqa: ANN401
    """Whether `field` is the first shown field of a form that has a required one: the
    field macro puts the "* required" legend above it, once per form."""
    form = getattr(field, "_form", None)
    if form is None:
        return False
    shown = [f for f in form if f.type not in NOT_SHOWN_FIELDS]
    return bool(shown) and shown[0] is field and any(f.flags.required for f in shown)


def url_with(**overrides: Any) -> str:
    """The current URL with some query parameters replaced (for sorting and pages)."""
    args = request.args.to_dict(flat=False)
    for key, value in overrides.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


@pass_context
def gettext(__context: Context, __string: str, **variables: Any) -> str:  # noqa: ANN401
    """Jinja's "newstyle" `_()` (autoescaped, always %-formatted), reading the request's
    translations (`i18n.current_translations`): in templates and in macros imported
    without context alike. Flask-Babel's own looked them up anew at every text."""
    text = current_translations().ugettext(__string)
    return (Markup(text) if __context.eval_ctx.autoescape else text) % variables


@pass_context
def ngettext(
    __context: Context, __singular: str, __plural: str, __num: int, **variables: Any
) -> str:  # noqa: ANN401
    variables.setdefault("num", __num)
    text = current_translations().ungettext(__singular, __plural, __num)
    return (Markup(text) if __context.eval_ctx.autoescape else text) % variables


def template_cache(app: Flask) -> FileSystemBytecodeCache:
    """Compiled templates kept in instance/, for every worker of this host.

    gunicorn replaces a worker every 2,000 or so requests (gunicorn.conf.py); without
    this the new one compiles every template again on its first pages (all 53: about
    700 ms on the bench VM; loaded from here: 20-30 ms). Jinja checks each entry against
    the template's source and writes it atomically, so workers can share the folder.
    """
    folder = Path(app.instance_path) / "jinja-cache"
    folder.mkdir(exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def init_templating(app: Flask) -> None:
    app.jinja_env.filters.update(
        dt=show_datetime,
        day=show_date,
        time=show_time,
        month=show_month,
        long_day=show_long_date,
        money=format_money,
        number=format_number,
        pick=pick_label,
        pick_text=pick_text,
        language_name=language_name,
    )
    app.jinja_env.globals.update(
        filled_slots=filled_slots,
        slot_templates=slot_templates,
        url_with=url_with,
        status_label=status_label,
        timeline_value=timeline_value,
        event_note=event_note,
        opens_required_form=opens_required_form,
        counting_note=counting_note,
        next_deadline=next_deadline,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        org_timezone_name=org_timezone_name,
    )
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(gettext=gettext, ngettext=ngettext)
    app.jinja_env.bytecode_cache = template_cache(app)

    @app.context_processor
    def inject_user_context() -> dict[str, Any]:
        return {"current_locale": current_locale(), "user": current_user}
