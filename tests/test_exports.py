"""Ticket exports: the CSV for machines, the XLSX for people, with the same rows."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from decimal import Decimal

from openpyxl import load_workbook

from backoffice.auth.models import Role
from backoffice.extensions import db
from backoffice.org.models import Handoff
from backoffice.tickets.models import PickListItem, Status
from tests.factories import make_ticket, make_user
from tests.helpers import login

ISO_WITH_OFFSET = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}"
)


def _tickets(app, office) -> list[str]:
    with app.app_context():
        handoff = db.session.get(Handoff, office.handoff_id)
        category = db.session.get(PickListItem, office.category_id)
        first = make_ticket(handoff=handoff, category=category, title="=SUM(A1)",
                            impact_amount=Decimal("1234.56"), records_affected=12)  # fmt: skip
        second = make_ticket(handoff=handoff, category=category, status=Status.IN_PROGRESS)
        first.created_dt = datetime(2026, 12, 3, 15, 29, 7, 123456, tzinfo=UTC)
        make_user("dora@example.com", Role.COORDINATOR, "Dora Deutsch", locale="de")
        db.session.commit()
        return [first.number, second.number]


def test_csv_is_utf8_with_iso_times_and_codes(app, client, office) -> None:
    first, second = _tickets(app, office)
    login(client, office.coordinator)
    body = client.get("/tickets/export.csv?sort=number").get_data()
    assert not body.startswith(b"\xef\xbb\xbf")  # no byte-order mark: machines read UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0][16:19] == ["Reported", "Resolved", "Closed"]
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[first][16] == "2026-12-03T16:29:07+01:00"  # Berlin, to the second
    assert by_number[first][1] == "'=SUM(A1)" and by_number[first][12] == "1234.56"
    assert by_number[second][2] == "in_progress"
    assert all(ISO_WITH_OFFSET.fullmatch(row[16]) for row in rows[1:])


def test_xlsx_has_the_csv_rows_typed_and_labelled_in_german(app, client, office) -> None:
    first, second = _tickets(app, office)
    login(client, "dora@example.com")
    rows = list(csv.reader(io.StringIO(client.get("/tickets/export.csv").get_data(as_text=True))))
    response = client.get("/tickets/export.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=tickets.xlsx"
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Nummer", "Titel", "Status"] and "Finanzielle Auswirkung" in header
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:S{len(rows)}"
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == [row[0] for row in rows[1:]]
    cells = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    impact, records, reported = cells[first][12], cells[first][14], cells[first][16]
    assert impact.value == 1234.56 and "€" in impact.number_format
    assert records.value == 12 and isinstance(records.value, int)
    assert reported.value == datetime(2026, 12, 3, 16, 29, 7)  # an Excel date, Berlin time
    assert reported.number_format == "dd.mm.yyyy hh:mm"
    assert cells[first][1].value == "=SUM(A1)" and cells[first][1].data_type == "s"  # text
    assert cells[second][2].value == "In Bearbeitung"  # for people: the label, not the code
    assert sheet.column_dimensions["B"].width >= len("=SUM(A1)")
