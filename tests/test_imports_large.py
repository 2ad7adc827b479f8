"""A 10,000-row XLSX error list imported through the API, then the same file again:
the second import adds no ticket."""

from __future__ import annotations

import io
import json

import xlsxwriter
from flask import Flask
from flask.testing import FlaskClient

from backoffice.tickets.models import Ticket
from tests.api_steps import bearer, token_for
from tests.helpers import count
from tests.office import Office

ROWS = 10_000


def error_list(rows: int) -> bytes:
    """An invoice run's error list: line, message, period, amount (numbers as numbers)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["Line", "Error", "Period", "Amount"])
    for n in range(1, rows + 1):
        sheet.write_row(n, 0, [n, f"Hours without project code, line {n}", "2026-11", n % 500 + 0.5])  # fmt: skip
    workbook.close()
    return buffer.getvalue()


def test_importing_the_same_10000_row_file_twice_adds_nothing_the_second_time(
    app: Flask, client: FlaskClient, office: Office
):
    token = token_for(app, office.clerk)
    content = error_list(ROWS)
    form = {"mapping": json.dumps({"title": "Error", "external_reference": "Line",
                                   "billing_period": "Period", "impact_amount": "Amount"}),
            "handoff_id": str(office.handoff_id), "category_id": str(office.category_id)}  # fmt: skip

    def post():  # noqa: ANN202
        data = {**form, "file": (io.BytesIO(content), "invoice-run.xlsx")}
        return client.post("/api/v1/imports", data=data, headers=bearer(token),
                           content_type="multipart/form-data")  # fmt: skip

    first = post()
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["created"] == ROWS
    assert count(app, Ticket) == ROWS

    second = post()
    assert second.status_code == 201
    assert second.get_json() | {"rows": []} == {
        "total": ROWS, "new": 0, "duplicates": ROWS, "invalid": 0, "created": 0, "rows": [],
    }  # fmt: skip
    assert count(app, Ticket) == ROWS
