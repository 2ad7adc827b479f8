"""Bulk import of defects from a CSV or XLSX file (an invoice run's error list)."""

from __future__ import annotations

from flask import Flask


def init_imports(app: Flask) -> None:
    """Wire the feature: its pages and the job that forgets old uploads."""
    from backoffice.imports.blueprint import imports_bp
    from backoffice.imports.service import forget_old_uploads
    from backoffice.scheduler import Job, register_job

    app.register_blueprint(imports_bp)
    register_job(app, Job("forget_import_uploads", forget_old_uploads, "interval", {"hours": 6}))
