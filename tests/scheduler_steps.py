"""Scheduler processes as an operator runs them: `flask --app wsgi scheduler run` / `run-job`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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
