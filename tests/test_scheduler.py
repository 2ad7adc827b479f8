"""The scheduler process: one active instance of several, jobs run at start and are idempotent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from backoffice.extensions import db
from backoffice.mail.models import OutboxMessage, OutboxStatus
from backoffice.mail.outbox import queue_mail

ROOT = Path(__file__).resolve().parent.parent


def _start(database_url: str, instance: Path, log: Path) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=database_url, INSTANCE_PATH=str(instance), MAIL_SERVER="")
    env.pop("TEST_DATABASE_URL", None)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "wsgi",
            "scheduler",
            "run",
            "--standby-poll",
            "0.3",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )


def _wait_for(log: Path, text: str, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text():
            return True
        time.sleep(0.1)
    return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_two_schedulers_only_one_acts_and_the_other_takes_over(
    app, database_url: str, tmp_path: Path
):
    with app.app_context():
        queue_mail(["someone@example.com"], "Waiting mail", "body", dedup_key="sched:1")
        db.session.commit()
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = _start(database_url, tmp_path, first_log)
    second = None
    try:
        assert _wait_for(first_log, "scheduler active"), first_log.read_text()
        second = _start(database_url, tmp_path, second_log)
        assert _wait_for(second_log, "standing by"), second_log.read_text()
        assert "scheduler active" not in second_log.read_text()
        # The job that was missed while no scheduler ran is run once at start.
        assert _wait_for(first_log, "job deliver_outbox done"), first_log.read_text()
        with app.app_context():
            statuses = db.session.scalars(select(OutboxMessage.status)).all()
        assert statuses == [OutboxStatus.SENT]

        _stop(first)
        assert "scheduler stopped" in first_log.read_text()
        assert _wait_for(second_log, "scheduler active"), second_log.read_text()
    finally:
        _stop(first)
        if second is not None:
            _stop(second)


def test_run_job_twice_changes_nothing(app, runner):
    with app.app_context():
        queue_mail(["someone@example.com"], "Once", "body", dedup_key="sched:2")
        db.session.commit()
    first = runner.invoke(args=["scheduler", "run-job", "deliver_outbox"])
    second = runner.invoke(args=["scheduler", "run-job", "deliver_outbox"])
    assert "'sent': 1" in first.output and "'sent': 0" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_unknown_job_is_a_clear_error(runner):
    result = runner.invoke(args=["scheduler", "run-job", "nope"])
    assert result.exit_code != 0 and "Unknown job nope" in result.output


@pytest.mark.parametrize("command", [["scheduler", "list"]])
def test_jobs_are_listed(runner, command):
    result = runner.invoke(args=command)
    assert result.exit_code == 0 and "deliver_outbox: interval" in result.output
