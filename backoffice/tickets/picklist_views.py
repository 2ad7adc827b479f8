"""Admin screens for the pick-lists under /admin/pick-lists."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from backoffice.auth.models import Role
from backoffice.auth.permissions import role_required
from backoffice.extensions import db
from backoffice.field_bounds import FiniteNumber
from backoffice.form_submission import submitted
from backoffice.i18n import gettext as _
from backoffice.i18n import lazy_gettext as _l
from backoffice.tickets.models import PickListItem, PickListKind
from backoffice.tickets.picklists import PickListData, pick_list, save_pick_list_item


class PickListItemForm(FlaskForm):
    label_en = StringField(_l("Label (English)"), validators=[DataRequired(), Length(max=120)])
    label_de = StringField(_l("Label (German)"), validators=[Optional(), Length(max=120)])
    label_nl = StringField(_l("Label (Dutch)"), validators=[Optional(), Length(max=120)])
    position = IntegerField(
        _l("Position"),
        default=0,
        validators=[Optional(), FiniteNumber(), NumberRange(min=0, max=9999)],
    )
    is_active = BooleanField(_l("Active"), default=True)
    check_after_days = IntegerField(
        _l("Check preventive actions after (days)"),
        description=_l("Empty: the office's default."),
        validators=[Optional(), FiniteNumber(), NumberRange(min=7, max=730)],
    )


def _kind(value: str) -> PickListKind:
    if value not in PickListKind._value2member_map_:
        abort(404)
    return PickListKind(value)


@role_required(Role.ADMIN)
def index():  # noqa: ANN201
    lists = {kind: pick_list(kind, active_only=False) for kind in PickListKind}
    return render_template("admin/pick_lists.html", lists=lists)


@role_required(Role.ADMIN)
def edit(kind: str, item_id: int | None = None):  # noqa: ANN201
    list_kind = _kind(kind)
    item = db.get_or_404(PickListItem, item_id) if item_id else None
    if item is not None and item.kind != list_kind:
        abort(404)
    form = PickListItemForm(obj=item)
    data = lambda: PickListData.from_form(form)  # noqa: E731
    if saved := submitted(form, lambda: save_pick_list_item(item, list_kind, data(), current_user)):
        flash(_("Entry %(label)s saved.", label=saved.label_en), "success")
        return redirect(url_for("picklists.index"))
    return render_template("admin/pick_list_form.html", form=form, item=item, kind=list_kind)
