"""Bulk import pages: upload a file, map its columns, preview, import."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from backoffice.form_submission import form_status, submitted
from backoffice.imports.forms import UploadForm
from backoffice.imports.pages import act, labels, mapping_form
from backoffice.imports.service import store_upload, upload_of


@login_required
def upload():  # noqa: ANN201
    form = UploadForm()
    file = form.file.data
    if stored := submitted(form, lambda: store_upload(current_user, file.filename or "", file.read())):  # fmt: skip
        return redirect(url_for("imports.mapping", upload_id=stored.id))
    return render_template("imports/upload.html", form=form), form_status(form)


@login_required
def mapping(upload_id: int):  # noqa: ANN201
    stored = upload_of(upload_id, current_user)
    form, headers = mapping_form(stored, current_user)
    result = submitted(form, lambda: act(stored, form, current_user, request.form.get("action", "")))  # fmt: skip
    page = render_template("imports/mapping.html", form=form, upload=stored, headers=headers,
                           labels=labels(), **(result or {}))  # fmt: skip
    return page, 400 if result and result.get("refused") else form_status(form)
