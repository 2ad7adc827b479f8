"""The load-test tools end to end: gunicorn on SQLite, three Locust users for 15 s (long enough for every task on a busy machine).

Always SQLite, whatever TEST_DATABASE_URL says: this checks the tools, not a database.
"""

from __future__ import annotations

from pathlib import Path

from bench.loadtest import run_locust, server_errors
from bench.server import prepare_database, serve

TASK_KINDS = {"my work", "list", "filter", "search", "handoff filter", "ticket page", "comment",
              "ask", "resume"}  # fmt: skip


def test_locust_users_do_every_task_without_errors(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'load.sqlite'}"
    prepare_database(url)  # the demo office: logins and 300 tickets
    log = tmp_path / "gunicorn.log"
    with serve(url, workers=2, log_path=log) as base_url:
        status, summary = run_locust(
            base_url, users=3, seconds=15, folder=tmp_path, wait="0.05,0.2", tour=True,
            user_classes=["Clerk", "Coordinator", "Owner"],
        )  # fmt: skip

    assert summary["failures"] == []
    assert server_errors(log)["tracebacks"] == {}
    assert status == 0
    assert set(summary["tasks"]) >= TASK_KINDS
    names = {row["name"] for row in summary["requests"]}
    assert {"/tickets/[number]", "/tickets/[number]/ask", "/tickets/[number]/comments"} <= names
