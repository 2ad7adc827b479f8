"""Benchmark of the bulk import: `python -m bench.api [--rows N]`.

Imports an invoice run's error list of N rows (an XLSX file) through POST
/api/v1/imports, then the same file again (every row a duplicate, nothing added).
Reports wall-clock and CPU seconds of each, and the peak Python memory of an import
of N/5 rows beside one of N rows: flat memory means the two peaks are alike.
Target: 10,000 rows in under 10 s. Uses DATABASE_URL (default: a new SQLite file).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import tempfile
import time
import tracemalloc
from typing import Any

import xlsxwriter
from flask import Flask
from sqlalchemy import select

from backoffice import create_app
from backoffice.extensions import db

MAPPING = {"title": "Error", "external_reference": "Line", "billing_period": "Period",
           "impact_amount": "Amount"}  # fmt: skip


def error_list(rows: int, first: int = 1) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["Line", "Error", "Period", "Amount"])
    for n in range(first, first + rows):
        sheet.write_row(n - first + 1, 0, [n, f"Hours without project code, line {n}", "2026-11", n % 500 + 0.5])  # fmt: skip
    workbook.close()
    return buffer.getvalue()


def _poster(app: Flask) -> Any:  # noqa: ANN401
    from backoffice.api.tokens import create_token
    from backoffice.auth.models import User
    from backoffice.org.models import Handoff
    from backoffice.tickets.models import PickListItem, PickListKind

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        token = create_token(user, "bench import", "read-write", 30).secret
        handoff_id = db.session.scalar(select(Handoff.id).where(Handoff.is_active.is_(True)))
        category_id = db.session.scalar(
            select(PickListItem.id).where(PickListItem.kind == PickListKind.CATEGORY)
        )
    client = app.test_client()
    form = {"mapping": json.dumps(MAPPING), "handoff_id": str(handoff_id),
            "category_id": str(category_id)}  # fmt: skip

    def post(content: bytes) -> dict[str, Any]:
        response = client.post(
            "/api/v1/imports",
            data={**form, "file": (io.BytesIO(content), "invoice-run.xlsx")},
            headers={"Authorization": f"Bearer {token}"},
            content_type="multipart/form-data",
        )
        assert response.status_code == 201, response.get_data(as_text=True)[:500]
        return response.get_json()

    return post


def _timed(post: Any, content: bytes) -> dict[str, Any]:  # noqa: ANN401
    start, cpu = time.perf_counter(), time.process_time()
    body = post(content)
    return {"seconds": round(time.perf_counter() - start, 2),
            "cpu_seconds": round(time.process_time() - cpu, 2), "created": body["created"],
            "duplicates": body["duplicates"]}  # fmt: skip


def _peak_mb(post: Any, content: bytes) -> float:  # noqa: ANN401
    tracemalloc.start()
    try:
        post(content)
        return round(tracemalloc.get_traced_memory()[1] / 1_000_000, 1)
    finally:
        tracemalloc.stop()


def bench_import(app: Flask, rows: int = 10_000) -> dict[str, Any]:
    """The figures for bench.run's results: first import, the same again, memory."""
    post = _poster(app)
    content = error_list(rows, first=10_000_000)
    first, again = _timed(post, content), _timed(post, content)
    small = _peak_mb(post, error_list(rows // 5, first=20_000_000))
    large = _peak_mb(post, error_list(rows, first=30_000_000))
    return {"rows": rows, "p50_ms": first["seconds"] * 1000, "p95_ms": first["seconds"] * 1000,
            "cpu_p50_ms": first["cpu_seconds"] * 1000, "statements": 0,
            "first": first, "again": again,
            "peak_memory_mb": {f"{rows // 5}_rows": small, f"{rows}_rows": large}}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        import flask_migrate

        from backoffice.demo import seed_bench

        flask_migrate.upgrade()
        seed_bench(0)
    print(json.dumps(bench_import(app, args.rows), indent=2))


if __name__ == "__main__":
    main()
