"""What the import pages show: the mapping form for an upload, and the outcome."""

from __future__ import annotations

from typing import Any

from backoffice.auth.models import User
from backoffice.imports.forms import MappingForm
from backoffice.imports.models import ImportUpload
from backoffice.imports.reading import Table
from backoffice.imports.rows import FIELDS
from backoffice.imports.service import RowsInvalid, preview, remembered_mapping, run_import


def mapping_form(upload: ImportUpload, user: User) -> tuple[MappingForm, list[str]]:
    """The form with the file's columns; a fresh one starts from the remembered mapping."""
    table = Table(upload.filename, upload.data)
    headers = table.headers()
    form = MappingForm()
    form.set_choices(headers)
    if not form.is_submitted():
        form.prefill(remembered_mapping(user, table))
    return form, headers


def act(upload: ImportUpload, form: MappingForm, user: User, action: str) -> dict[str, Any]:
    """Preview, or import (all or nothing); what the page shows afterwards."""
    settings = form.to_settings()
    if action != "import":
        return {"outcome": preview(upload, settings, user), "imported": False}
    try:
        return {"outcome": run_import(upload, settings, user), "imported": True}
    except RowsInvalid as refusal:
        return {"outcome": refusal.outcome, "imported": False, "refused": True}


def labels() -> dict[str, str]:
    return {name: str(label) for name, label in FIELDS.items()}
