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


def test_csv_batches_give_what_csv_cell_gives_for_every_kind(app) -> None:
    """The per-column converters of the long exports are only a faster road to `csv_value`."""
    from datetime import date, timedelta

    from backoffice.spreadsheets import Column, csv_batches, csv_value
    from backoffice.tickets.models import Severity

    columns = [Column("text"), Column("int", "int"), Column("number", "number"),
               Column("money", "money"), Column("percent", "percent"), Column("date", "date"),
               Column("datetime", "datetime")]  # fmt: skip
    summer = datetime(2026, 7, 1, 22, 59, 59, 999999, tzinfo=UTC)
    rows = [
        ("=1+1", 12, 1.5, Decimal("1234.56"), 0.1234, date(2026, 12, 3), summer),
        ("a;@b, -c", None, None, None, None, None, None),
        (Status.IN_PROGRESS, 0, 0.0, Decimal("0.00"), 0.0, date(2026, 1, 1), summer + timedelta(days=150)),
        (Severity.HIGH, -3, -2.25, Decimal("-5.10"), 1.0, None, datetime(2026, 3, 29, 1, tzinfo=UTC)),
        ("", 1, 2.0, Decimal("1"), None, date(2026, 3, 29), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        (None, 1, 2.0, Decimal("1"), None, date(2026, 3, 29), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),
    ]  # fmt: skip
    with app.app_context():
        expected = [[csv_value(c, v) for c, v in zip(columns, row, strict=True)] for row in rows]
        converted = [list(row) for row in csv_batches(columns)(rows)]

    def written(table: list) -> str:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(table)
        return buffer.getvalue()

    assert written(converted) == written(expected)
    assert converted[0][0] == "'=1+1" and converted[0][6] == "2026-07-02T00:59:59+02:00"
    assert converted[2][0] == "in_progress" and converted[4][6] == "2026-10-25T02:30:00+02:00"
    assert (
        converted[5][6] == "2026-10-25T02:30:00+01:00" and converted[1][1:] == [None] * 3 + [""] * 3
    )


def _sheet_xml(path: str) -> tuple[bytes, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml"), archive.read("xl/styles.xml")


def test_xlsx_rows_are_the_bytes_xlsxwriter_writes_for_every_kind(app, tmp_path) -> None:
    """`xlsx_cells` writes rows itself (XlsxWriter's per-cell calls cost 4 µs each) and leans
    on XlsxWriter's internals: the same rows through XlsxWriter's own `write_*` must give the
    same sheet and styles, byte for byte, or an upgrade has changed what we copy."""
    from datetime import date, timedelta

    import xlsxwriter

    from backoffice.spreadsheets import Column, XlsxSheet, write_xlsx
    from backoffice.tickets.models import Severity

    columns = [Column("Text"), Column("Int", "int"), Column("Number", "number"),
               Column("Money", "money", currency_from=7), Column("Percent", "percent"),
               Column("Date", "date"), Column("Time", "datetime"), Column("Currency"),
               Column("Dollars", "money", currency="USD")]  # fmt: skip
    summer = datetime(2026, 7, 1, 22, 59, 59, 999999, tzinfo=UTC)
    texts = ["a & b < c > d", " lead", "trail\t", "ctl\x01x", "_x0041_ as is", "\ufffe",
             "Ärger ✓", Status.IN_PROGRESS, Severity.HIGH, "x" * 300, "=SUM(A1)", 'say "hi"']  # fmt: skip
    rows = []
    for i in range(1500):  # past the 1,000 rows that set the widths, in two batches
        rows.append((texts[i % len(texts)] if i % 7 else None, i if i % 5 else None,
                     i / 3 if i % 4 else None, Decimal(i) / 7 if i % 6 else None,
                     (i % 100) / 100, date(2026, 1, 1) + timedelta(days=i) if i % 3 else None,
                     summer + timedelta(hours=7 * i, seconds=i) if i % 2 else None,
                     ["EUR", "USD", "GBP", None, "XYZ"][i % 5] if i > 20 else "EUR",
                     Decimal("-1234.5") if i % 9 == 0 else None))  # fmt: skip
    rows.append((None,) * 9)
    rows[3] = (
        "early",
        1,
        1.0,
        Decimal("1"),
        0.5,
        date(1900, 2, 28),
        datetime(1900, 2, 28, 12, tzinfo=UTC),
        "EUR",
        None,
    )

    with app.test_request_context("/"):
        write_xlsx(str(tmp_path / "fast.xlsx"), columns, rows)
        workbook = xlsxwriter.Workbook(str(tmp_path / "slow.xlsx"), {"constant_memory": True})
        sheet = XlsxSheet(workbook, columns)
        for values in rows:  # what XlsxSheet wrote cell by cell before xlsx_cells
            sheet.row += 1
            r = sheet.row
            if r <= 1000:
                sheet.fit(values, r)
            for i, (column, value) in enumerate(zip(columns, values, strict=True)):
                if value is None or value == "":
                    continue
                if column.kind == "datetime":
                    local = value.astimezone(sheet.tz).replace(tzinfo=None, microsecond=0)
                    sheet.sheet.write_datetime(r, i, local, sheet.formats["datetime"])
                elif column.kind == "date":
                    moment = datetime.combine(value, datetime.min.time())
                    sheet.sheet.write_datetime(r, i, moment, sheet.formats["date"])
                elif column.kind in ("int", "number", "percent"):
                    sheet.sheet.write_number(r, i, float(value), sheet.formats[column.kind])
                elif column.kind == "money":
                    currency = values[column.currency_from] if column.currency_from else None
                    money = sheet.money_format(currency or column.currency)
                    sheet.sheet.write_number(r, i, float(value), money)
                else:
                    sheet.sheet.write_string(r, i, sheet.text(value))
        sheet.finish()
        workbook.close()

    fast, slow = _sheet_xml(str(tmp_path / "fast.xlsx")), _sheet_xml(str(tmp_path / "slow.xlsx"))
    assert b"<t>a &amp; b &lt; c &gt; d</t>" in fast[0] and b"<t>In progress</t>" in fast[0]
    assert b'<t xml:space="preserve"> lead</t>' in fast[0] and b"ctl_x0001_x" in fast[0]
    assert b"_x005F_x0041_ as is" in fast[0] and b'<dimension ref="A1:I1501"/>' in fast[0]
    assert fast[0] == slow[0]
    assert fast[1] == slow[1]
