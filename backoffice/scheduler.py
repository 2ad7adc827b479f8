"""The scheduler process: `flask --app wsgi scheduler run`.

It runs apart from the web workers. Of several started, one acts: it holds a
database lock (a PostgreSQL advisory lock, or a lock file beside the SQLite
database); the others wait and take over when it stops. Every job is
idempotent, so each runs once at start (catching up what was missed while
the scheduler was down) and then on its interval.
"""

from __future__ import annotations

import fcntl
import logging
import signal
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import Connection, text

from backoffice.extensions import db
from backoffice.models import utcnow

log = logging.getLogger("backoffice.scheduler")

ADVISORY_LOCK_KEY = 0x6261636B  # "back"


@dataclass(frozen=True)
class Job:
    """A periodic job: `func` runs inside an app context and must be idempotent."""

    id: str
    func: Callable[[], Any]
    trigger: str
    trigger_args: dict[str, Any] = field(default_factory=dict)


def registered_jobs() -> list[Job]:
    """Every feature's jobs. Imported here, not at module level, so features stay independent."""
    from backoffice.mail.outbox import deliver_outbox

    jobs = [Job("deliver_outbox", deliver_outbox, "interval", {"seconds": 30})]
    for extra in current_app.extensions.get("scheduler_jobs", []):
        jobs.append(extra)
    return jobs


def register_job(app: Flask, job: Job) -> None:
    """Let a feature add a job (called from its init function in the app factory)."""
    app.extensions.setdefault("scheduler_jobs", []).append(job)


class LeaderLock:
    """Only one scheduler acts: PostgreSQL advisory lock, or a file lock for SQLite."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._connection = None
        self._file = None

    def try_acquire(self) -> bool:
        with self.app.app_context():
            if db.engine.dialect.name == "postgresql":
                return self._try_advisory_lock()
            return self._try_file_lock()

    def _try_advisory_lock(self) -> bool:
        if self._connection is None:
            self._connection = db.engine.connect()
        acquired = self._connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
        ).scalar()
        self._connection.commit()
        return bool(acquired)

    def _try_file_lock(self) -> bool:
        if self._file is None:
            self._file = lock_file_path(self.app, "scheduler").open("a+")
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def release(self) -> None:
        if self._connection is not None:
            release_advisory_locks(self._connection)
            self._connection = None
        if self._file is not None:
            self._file.close()  # closing the file releases the flock
            self._file = None


class JobLock:
    """One run of a job at a time, across processes: the scheduler and `run-job` alike.

    The leader lock keeps a second scheduler idle, but an operator's one-off
    `scheduler run-job` runs beside the active scheduler. So every run of a job also
    holds a lock of its own: a PostgreSQL advisory lock keyed by the job's name (a
    session lock on its own connection, dropped by PostgreSQL if the process dies), or
    a lock file beside the SQLite database (dropped by the kernel likewise).
    """

    def __init__(self, app: Flask, job_id: str) -> None:
        self.app = app
        self.job_id = job_id
        self._connection = None
        self._file = None

    def acquire(self, wait_seconds: float = 0.0, poll_seconds: float = 0.2) -> bool:
        deadline = time.monotonic() + wait_seconds
        while not self._try_acquire():
            if time.monotonic() >= deadline:
                self.release()
                return False
            time.sleep(poll_seconds)
        return True

    def _try_acquire(self) -> bool:
        with self.app.app_context():
            if db.engine.dialect.name == "postgresql":
                if self._connection is None:
                    self._connection = db.engine.connect()
                acquired = self._connection.execute(
                    text("SELECT pg_try_advisory_lock(:space, :key)"),
                    {"space": ADVISORY_LOCK_KEY, "key": zlib.crc32(self.job_id.encode()) >> 1},
                ).scalar()
                self._connection.commit()
                return bool(acquired)
            if self._file is None:
                self._file = lock_file_path(self.app, f"job-{self.job_id}").open("a+")
            try:
                fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

    def release(self) -> None:
        if self._connection is not None:
            release_advisory_locks(self._connection)
            self._connection = None
        if self._file is not None:
            self._file.close()
            self._file = None


def release_advisory_locks(connection: Connection) -> None:
    """Unlock before the connection goes back to the pool: a pooled session would keep it."""
    try:
        connection.execute(text("SELECT pg_advisory_unlock_all()"))
        connection.commit()
    finally:
        connection.close()


def lock_file_path(app: Flask, name: str) -> Path:
    """A lock file beside the SQLite database (or in instance/ for an in-memory one)."""
    database = db.engine.url.database or ""
    if database and database != ":memory:":
        return Path(f"{database}.{name}.lock")
    return Path(app.instance_path, f"{name}.lock")


def run_job(app: Flask, job: Job, wait_seconds: float = 0.0) -> Any:
    """Run one job in its own app context; a failing job is logged and retried next time.

    A job already running elsewhere is skipped (the scheduler) or waited for up to
    `wait_seconds` (the one-off command): jobs are idempotent, so a skipped run loses
    nothing, but two runs at once could do the same work twice.
    """
    lock = JobLock(app, job.id)
    if not lock.acquire(wait_seconds):
        log.info("job %s skipped: it is running in another process", job.id)
        return None
    with app.app_context():
        try:
            result = job.func()
            log.info("job %s done: %s", job.id, result)
            return result
        except Exception:
            db.session.rollback()
            log.exception("job %s failed", job.id)
            return None
        finally:
            db.session.remove()
            lock.release()


def run_scheduler(app: Flask, standby_poll_seconds: float, stop: threading.Event) -> None:
    lock = LeaderLock(app)
    announced = False
    while not lock.try_acquire():
        if not announced:
            log.info("scheduler standing by: another scheduler is active")
            announced = True
        if stop.wait(standby_poll_seconds):
            lock.release()
            return
    log.info("scheduler active: this process runs the jobs")
    with app.app_context():
        jobs = registered_jobs()
    scheduler = BlockingScheduler(
        timezone="UTC",
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    for job in jobs:
        scheduler.add_job(
            run_job, job.trigger, args=[app, job], id=job.id, next_run_time=utcnow(),
            **job.trigger_args,
        )  # fmt: skip
    threading.Thread(
        target=lambda: (stop.wait(), scheduler.shutdown(wait=True)), daemon=True
    ).start()
    try:
        scheduler.start()
    finally:
        lock.release()
        click.echo("scheduler stopped", err=True)


scheduler_cli = AppGroup("scheduler", help="The background job scheduler.")


@scheduler_cli.command("run")
@click.option("--standby-poll", default=5.0, show_default=True, help="Seconds between lock tries.")
def run_command(standby_poll: float) -> None:
    """Run the scheduler until stopped (Ctrl+C or SIGTERM)."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    run_scheduler(current_app._get_current_object(), standby_poll, stop)


@scheduler_cli.command("run-job")
@click.argument("job_id")
@click.option("--wait", default=60.0, show_default=True, help="Seconds to wait for a running one.")
def run_job_command(job_id: str, wait: float) -> None:
    """Run one job now, once (for operators and tests); waits while it runs elsewhere."""
    jobs = {job.id: job for job in registered_jobs()}
    if job_id not in jobs:
        raise click.ClickException(f"Unknown job {job_id}. Known: {', '.join(sorted(jobs))}")
    app = current_app._get_current_object()
    lock = JobLock(app, job_id)
    if not lock.acquire():
        click.echo(f"{job_id} is running in another process; waiting up to {wait:g} s.", err=True)
        if not lock.acquire(wait):
            raise click.ClickException(f"{job_id} is still running elsewhere; try later.")
    lock.release()
    click.echo(f"{job_id}: {run_job(app, jobs[job_id], wait_seconds=wait)}")


@scheduler_cli.command("list")
def list_command() -> None:
    """List the jobs and their schedules."""
    for job in registered_jobs():
        click.echo(f"{job.id}: {job.trigger} {job.trigger_args}")
