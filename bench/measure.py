"""Timing: one loop for every benchmark, with statement counts, CPU time and memory.

`time_calls` is the only place that times anything; the page scenarios
(`measure`), the service-agreement jobs (bench/agreements.py) and the agenda
(bench/meetings.py) all report through it, so their p50/p95 mean the same.
"""

from __future__ import annotations

import os
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import flask_migrate
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bench.scenarios import Request, Scenario


class ScenarioFailed(Exception):
    """The page did not answer 200; reported as such, never worked around."""


def standalone_app(name: str, **config: Any) -> Flask:  # noqa: ANN401
    """An app of its own for a feature's bench run alone (`python -m bench.<name>`): a
    migrated SQLite file in a fresh folder, or BENCH_DATABASE_URL; no mail is sent."""
    from backoffice import create_app

    tmp = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    os.environ.setdefault("INSTANCE_PATH", str(tmp / "instance"))
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite'}")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "MAIL_SERVER": "",
                      **config})  # fmt: skip
    with app.app_context():
        flask_migrate.upgrade()
    return app


def percentile_95(timings: list[float]) -> float:
    """The 95th percentile, interpolated between the two nearest of few timings."""
    if len(timings) == 1:
        return timings[0]
    return statistics.quantiles(timings, n=20, method="inclusive")[18]


def _reset_peak_rss() -> bool:
    """Start a new peak of resident memory (Linux: /proc/self/clear_refs); False if we can't."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def _peak_rss_mb(since_reset: bool) -> float:
    """Peak resident memory since the reset, else of the whole process so far."""
    if since_reset:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def time_calls(
    engine: Engine,
    run: Callable[[], Any],
    repeat: int,
    before_each: Callable[[int], Any] | None = None,
    after_each: Callable[[], Any] | None = None,
) -> dict[str, float]:
    """Call `run` `repeat` times: wall-clock p50/p95, CPU p50, the most statements of one call.

    `before_each(i)` prepares call i and `after_each()` tidies up; neither is timed
    nor counted. CPU time of this process is steadier than the wall clock on a
    shared, loaded machine, so both are reported. The peak resident memory is the
    process's highest while these calls ran (what the operating system had to give
    it, the earlier data of a long benchmark included); where Linux cannot restart
    the peak, it is the peak of the whole process.
    """
    timings, cpu_timings, statements = [], [], []
    since_reset = _reset_peak_rss()
    for i in range(repeat):
        if before_each is not None:
            before_each(i)
        count = 0

        def on_execute(*_args: Any) -> None:
            nonlocal count
            count += 1

        event.listen(engine, "before_cursor_execute", on_execute)
        try:
            start, cpu_start = time.perf_counter(), time.process_time()
            run()
            timings.append((time.perf_counter() - start) * 1000)
            cpu_timings.append((time.process_time() - cpu_start) * 1000)
        finally:
            event.remove(engine, "before_cursor_execute", on_execute)
        statements.append(count)
        if after_each is not None:
            after_each()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile_95(timings), 1),
        "cpu_p50_ms": round(statistics.median(cpu_timings), 1),
        "statements": max(statements),
        "peak_rss_mb": _peak_rss_mb(since_reset),
    }


def _request(target: str | Request) -> Request:
    return (lambda client: client.get(target)) if isinstance(target, str) else target


def _fetch(client: FlaskClient, request: Request) -> tuple[int, int]:
    """Make the request and read the whole body, streamed or not: (status, newline count)."""
    response = request(client)
    try:
        lines = sum(chunk.count(b"\n") for chunk in response.response)
    finally:
        response.close()
    return response.status_code, lines


def peak_memory(client: FlaskClient, request: Request) -> tuple[float, int]:
    """Peak Python memory (MB) while the response is produced and read, and its rows.

    A workbook is kept in a temporary file while it is read (not in memory, which
    would be counted) and its rows are counted afterwards.
    """
    tracemalloc.start()
    try:
        response = request(client)
        with tempfile.TemporaryFile() as body:
            try:
                for chunk in response.response:
                    body.write(chunk)
            finally:
                response.close()
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            body.seek(0)
            rows = _row_count(body, response.mimetype)
    finally:
        if tracemalloc.is_tracing():
            tracemalloc.stop()
    return round(peak / 1_000_000, 1), rows - 1  # minus the header


def _row_count(body: IO[bytes], mimetype: str) -> int:
    if mimetype == "text/csv":
        return sum(chunk.count(b"\n") for chunk in iter(lambda: body.read(1 << 20), b""))
    from openpyxl import load_workbook  # a development dependency, like the bench

    workbook = load_workbook(body, read_only=True)
    try:
        return sum(1 for _row in workbook.active.iter_rows(values_only=True))
    finally:
        workbook.close()


def measure(
    app: Flask, engine: Engine, client: FlaskClient, scenario: Scenario, tickets: int,
    repeat: int, warmup: int,
) -> dict[str, Any]:  # fmt: skip
    """Run one page scenario at one data size and return its result row."""
    with app.app_context():  # set-up only: requests must get their own app context and session
        target = scenario.prepare()
    request = _request(target)
    for _ in range(1 if scenario.repeat else max(warmup, 1)):  # slow ones: one warm-up
        status, _lines = _fetch(client, request)
        if status != 200:
            raise ScenarioFailed(
                f"HTTP {status} for {target if isinstance(target, str) else scenario.name}"
            )
    timed = time_calls(engine, lambda: _fetch(client, request), scenario.repeat or repeat)
    result = {"name": scenario.name, "tickets": tickets, **timed}
    if scenario.streamed:
        result["peak_memory_mb"], result["rows"] = peak_memory(client, request)
    return result
