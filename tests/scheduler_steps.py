"""Scheduler processes as an operator runs them: `flask --app wsgi scheduler run` / `run-job`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from flask import Flask

from backoffice.extensions import db
from backoffice.mail.outbox import queue_mail

ROOT = Path(__file__).resolve().parent.parent
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi", "scheduler"]


def scheduler_env(database_url: str, instance: Path, **settings: str) -> dict[str, str]:
    """The environment of a process on the test database; `settings` are config variables."""
    env = dict(os.environ, DATABASE_URL=database_url, INSTANCE_PATH=str(instance), MAIL_SERVER="")
    env.pop("TEST_DATABASE_URL", None)
    env.update(settings)
    return env


def start_scheduler(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*FLASK, "run", "--standby-poll", "0.3"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )


def start_run_job(env: dict[str, str], job_id: str, log: Path) -> subprocess.Popen:
    """`scheduler run-job`; what it says (and its result) goes to `log`."""
    return subprocess.Popen(
        [*FLASK, "run-job", job_id],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_for(log: Path, text: str, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text():
            return True
        time.sleep(0.1)
    return False


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class SchedulerPair(NamedTuple):
    active: subprocess.Popen
    standby: subprocess.Popen
    active_log: Path
    standby_log: Path


@contextmanager
def active_and_standby(env: dict[str, str], directory: Path) -> Iterator[SchedulerPair]:
    """Two schedulers on one database: the first acts, the second stands by; both are
    stopped at the end (SIGTERM, unless the test killed one already)."""
    active_log, standby_log = directory / "first.log", directory / "second.log"
    active = start_scheduler(env, active_log)
    standby = None
    try:
        assert wait_for(active_log, "scheduler active"), active_log.read_text()
        standby = start_scheduler(env, standby_log)
        assert wait_for(standby_log, "standing by"), standby_log.read_text()
        yield SchedulerPair(active, standby, active_log, standby_log)
    finally:
        for process in (active, standby):
            if process is not None:
                stop(process)


def queue_mails(app: Flask, count: int, key: str) -> None:
    """`count` mails in the outbox, to user0@example.com, user1@… (dedup keys `key:0` …)."""
    with app.app_context():
        for number in range(count):
            queue_mail([f"user{number}@example.com"], f"Mail {number}", "Body", f"{key}:{number}")
        db.session.commit()
