"""The HTTP benchmark end to end: gunicorn on SQLite with the demo office, a few requests.

Always SQLite, whatever TEST_DATABASE_URL says: this checks the tool, not a database.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.http_pages import measure_http
from bench.run import markdown, merge_http
from bench.server import prepare_database

PAGES = {"http_ticket_list", "http_ticket_list_filtered", "http_ticket_detail", "http_my_work"}


def test_every_main_page_is_timed_over_http(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'http.sqlite'}"
    prepare_database(url)  # the demo office: logins and 300 tickets
    rows = measure_http(url, tickets=300, requests_each=4, warmup=1)

    assert {row["name"] for row in rows} == PAGES
    for row in rows:
        assert row["requests"] == 4 and row["workers"] == 2
        assert 0 < row["p50_ms"] <= row["p95_ms"]
    table = markdown({"sqlite": {"machine": _machine(), "scenarios": rows}})
    assert "| SQLite 3 | http_ticket_detail | 300 |" in table
    assert "over HTTP, gunicorn with 2 workers, 4 requests" in table


def test_an_http_run_alone_replaces_only_the_earlier_http_rows(tmp_path: Path) -> None:
    saved = tmp_path / "postgresql.json"
    in_process = {"name": "ticket_detail", "tickets": 100_000, "p50_ms": 9.0}
    old = {"name": "http_ticket_detail", "tickets": 100_000, "p50_ms": 30.0}
    saved.write_text(json.dumps({"machine": _machine(), "seeding": [],
                                 "scenarios": [in_process, old]}))  # fmt: skip
    new = {"name": "http_ticket_detail", "tickets": 100_000, "p50_ms": 12.0}

    merged = merge_http(saved, {"machine": _machine("later"), "scenarios": [new]})

    assert merged["scenarios"] == [in_process, new]
    assert merged["machine"]["date"] == "earlier" and merged["http_machine"]["date"] == "later"


def _machine(date: str = "earlier") -> dict:
    return {"database": "SQLite 3", "cpu_count": 2, "cpu": "x", "python": "3.11",
            "sqlalchemy": "2", "date": date}  # fmt: skip
