"""The import's two forms: the file, then which column holds which field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from backoffice.i18n import current_locale
from backoffice.i18n import lazy_gettext as _l
from backoffice.imports.rows import FIELDS
from backoffice.imports.service import Settings
from backoffice.org.service import list_handoffs
from backoffice.tickets.forms import handoff_label
from backoffice.tickets.models import PickListKind
from backoffice.tickets.picklists import pick_list_choices


class UploadForm(FlaskForm):
    file = FileField(
        _l("File (CSV or XLSX)"),
        description=_l("The first row names the columns, e.g. an invoice run's error list."),
        validators=[FileRequired(_l("Choose a file."))],
    )


class MappingForm(FlaskForm):
    """One select per field (a column of the file, or none), and whole-file choices."""

    default_handoff_id = SelectField(_l("Handoff for rows without one"), coerce=int)
    default_category_id = SelectField(_l("Category for rows without one"), coerce=int)

    def set_choices(self, headers: list[str]) -> None:
        none = ("", str(_l("— not in the file —")))
        for name in FIELDS:
            getattr(self, name).choices = [none, *((h, h) for h in headers)]
        self.default_handoff_id.choices = [(0, str(_l("— none —")))] + [
            (h.id, handoff_label(h)) for h in list_handoffs(active_only=True)
        ]
        self.default_category_id.choices = [(0, str(_l("— none —")))] + pick_list_choices(
            PickListKind.CATEGORY, current_locale()
        )

    def prefill(self, mapping: dict[str, str]) -> None:
        for name in FIELDS:
            getattr(self, name).data = mapping.get(name, "")

    def to_settings(self) -> Settings:
        mapping = {name: getattr(self, name).data for name in FIELDS if getattr(self, name).data}
        return Settings(mapping, self.default_handoff_id.data or None,
                        self.default_category_id.data or None)  # fmt: skip

    @property
    def column_fields(self) -> list:
        return [getattr(self, name) for name in FIELDS]


for _name, _label in FIELDS.items():
    setattr(MappingForm, _name, SelectField(_label, default=""))
