"""The app on gunicorn against a dedicated database, for load tests and page timings.

    reset_database(url)                      # empty it (create it first on PostgreSQL)
    prepare_database(url, tickets=10_000)    # migrate, demo office, N bulk tickets
    with serve(url, workers=5) as base_url:  # http://127.0.0.1:<free port>
        ...

Everything runs as the operator would run it: `flask --app wsgi ...` for the
database and `gunicorn -c gunicorn.conf.py wsgi:app` for the server, each in its own
process with the environment below, so what is measured is what is deployed.
The database must be one of its own: `reset_database` drops everything in it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
HOST = "127.0.0.1"
SECRET_KEY = "bench-secret-key"  # fixed, so a restarted server keeps its sessions


class ServerFailed(RuntimeError):
    """The server (or a flask command preparing its database) did not come up."""


def app_environment(database_url: str, instance_path: str | Path) -> dict[str, str]:
    """The environment the app gets: this database, a throwaway instance folder, no mail."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        INSTANCE_PATH=str(instance_path),
        SECRET_KEY=SECRET_KEY,
        APP_ENV="development",
        MAIL_SERVER="",
    )
    return env


def prepare_postgresql(url: str) -> str | None:
    """Create the bench database if missing and empty it; return why not if unreachable."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT",
                          connect_args={"connect_timeout": 5})  # fmt: skip
    try:
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                 {"name": target.database})  # fmt: skip
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    except OperationalError as exc:
        return str(exc.orig).strip().splitlines()[0]
    finally:
        admin.dispose()
    engine = create_engine(target)
    with engine.begin() as conn:  # a dedicated database: start from nothing each run
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return None


def reset_database(database_url: str) -> None:
    """Start from nothing: a new SQLite file, or an emptied (created if missing) PostgreSQL database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database:
            for suffix in ("", "-wal", "-shm"):
                Path(url.database + suffix).unlink(missing_ok=True)
        return
    problem = prepare_postgresql(database_url)
    if problem:
        raise ServerFailed(f"PostgreSQL is unreachable at {url!r}: {problem}")


def flask_command(args: list[str], env: dict[str, str]) -> str:
    """Run `flask --app wsgi <args>` and return what it printed."""
    command = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise ServerFailed(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout.strip()


def prepare_database(database_url: str, tickets: int = 0) -> list[str]:
    """Migrate, load the demo office (logins, password demo-password) and add `tickets` in bulk.

    Returns what the commands reported. On PostgreSQL the statistics are refreshed
    afterwards, as autovacuum would have done on a database that grew slowly.
    """
    with tempfile.TemporaryDirectory(prefix="backoffice-instance-") as instance:
        env = app_environment(database_url, instance)
        said = [
            flask_command(["db", "upgrade"], env),
            flask_command(["seed-demo", "--if-empty"], env),
        ]
        if tickets:
            said.append(flask_command(["seed-bench", "--tickets", str(tickets)], env))
    if make_url(database_url).get_backend_name() == "postgresql":
        engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        engine.dispose()
    return said


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def serve(
    database_url: str,
    *,
    workers: int | None = None,
    port: int | None = None,
    log_path: str | Path | None = None,
    startup_timeout: float = 60,
    stop_timeout: float = 30,
) -> Iterator[str]:
    """Serve the app on 127.0.0.1 with gunicorn; yield its base URL; stop it afterwards.

    `workers` defaults to gunicorn.conf.py's (WEB_CONCURRENCY or 2 × cores + 1).
    gunicorn's log, with the app's tracebacks, goes to `log_path` (else it is
    thrown away with the instance folder, but shown if the server does not start).
    """
    with ExitStack() as stack:
        instance = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="backoffice-")))
        log_file = Path(log_path) if log_path else instance / "gunicorn.log"
        port = port or free_port()
        command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF),
                   "--bind", f"{HOST}:{port}", "--no-control-socket"]  # fmt: skip
        if workers:
            command += ["--workers", str(workers)]
        log = stack.enter_context(log_file.open("a"))
        process = subprocess.Popen(
            [*command, "wsgi:app"],
            cwd=ROOT,
            env=app_environment(database_url, instance / "instance"),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, to stop the workers with it
        )
        stack.callback(_stop, process, stop_timeout)
        base_url = f"http://{HOST}:{port}"
        _wait_until_ready(process, base_url, startup_timeout, log_file)
        yield base_url


def _wait_until_ready(process: subprocess.Popen, base_url: str, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailed(f"gunicorn exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(base_url + "/login", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise ServerFailed(f"gunicorn did not answer within {timeout:.0f} s:\n{_tail(log)}")


def _stop(process: subprocess.Popen, timeout: float) -> None:
    """SIGTERM (requests in flight finish), then SIGKILL to the whole process group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
            return
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    process.wait()


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
