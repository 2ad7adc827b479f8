"""POST /api/v1/imports: the bulk import of the import pages, for other systems."""

from __future__ import annotations

import json
from typing import Annotated, Any

from flask import request
from flask_login import current_user
from pydantic import Field, WithJsonSchema

from backoffice.api.idempotency import idempotent
from backoffice.api.openapi import api_doc, responses
from backoffice.api.schemas import Documented, IdempotencyHeader, Strict, text
from backoffice.errors import Invalid
from backoffice.i18n import gettext as _
from backoffice.imports.reading import Table
from backoffice.imports.service import (
    Settings,
    preview,
    remembered_mapping,
    row_json,
    run_import,
    store_upload,
)


class ImportIn(Strict):
    file: Annotated[Any, WithJsonSchema({"type": "string", "format": "binary"})]
    """The CSV or XLSX file; its first row names the columns."""
    mapping: text(4000) | None = None
    """JSON object field → column header, e.g. {"title": "Error", "external_reference": "Line"}.
    Without it: the mapping remembered for this layout, else columns named like the fields."""
    handoff_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None
    """The handoff of rows that name none."""
    category_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None
    """The category of rows that name none."""
    dry_run: bool = False
    """Check every row and report, save nothing."""


class ImportRow(Documented):
    line: int
    duplicate: bool
    errors: dict[str, str]


class ImportOut(Documented):
    total: int
    new: int
    duplicates: int
    invalid: int
    created: int
    rows: list[ImportRow]
    """Rows with errors (at most 200)."""


def _settings(form: ImportIn, table: Table) -> Settings:
    try:
        mapping = json.loads(form.mapping) if form.mapping else remembered_mapping(current_user, table)  # fmt: skip
    except ValueError:
        mapping = None
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise Invalid({"mapping": _("Give the mapping as a JSON object of field names to columns.")})  # fmt: skip
    return Settings(mapping, form.handoff_id, form.category_id)


def _run(form: ImportIn) -> tuple[dict[str, Any], int]:
    upload = request.files.get("file")
    if upload is None:
        raise Invalid({"file": _("Please choose a file.")})
    stored = store_upload(current_user, upload.filename or "", upload.read())
    settings = _settings(form, Table(stored.filename, stored.data))
    outcome = (preview if form.dry_run else run_import)(stored, settings, current_user)
    body = {"total": outcome.total, "new": outcome.valid, "duplicates": outcome.duplicates,
            "invalid": outcome.invalid, "created": outcome.created,
            "rows": [row_json(r) for r in outcome.rows if r.errors]}  # fmt: skip
    return body, 200 if form.dry_run else 201


@idempotent
@api_doc(responses(201, ImportOut, 413, 415, 422, ok_too=200), ("imports",), form=ImportIn)
def create_import(form: ImportIn, headers: IdempotencyHeader):  # noqa: ANN201
    """Import defects from a CSV or XLSX file: all or nothing, duplicates skipped (200 on a dry run)."""
    return _run(form)
