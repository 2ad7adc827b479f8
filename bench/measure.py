"""Timing one scenario: warm-up, SQL statement count, repetitions, and for streams peak memory."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bench.scenarios import Request, Scenario


class ScenarioFailed(Exception):
    """The page did not answer 200; reported as such, never worked around."""


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


def count_statements(engine: Engine, client: FlaskClient, request: Request) -> int:
    """SQL statements sent for one request (an executemany counts once)."""
    count = 0

    def before_cursor_execute(*_args: Any) -> None:
        nonlocal count
        count += 1

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        _fetch(client, request)
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)
    return count


def peak_memory(client: FlaskClient, request: Request) -> tuple[float, int]:
    """Peak Python memory (MB) while the response is produced and read, and its CSV rows."""
    tracemalloc.start()
    try:
        _status, lines = _fetch(client, request)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round(peak / 1_000_000, 1), lines - 1  # minus the header


def measure(
    app: Flask, engine: Engine, client: FlaskClient, scenario: Scenario, tickets: int,
    repeat: int, warmup: int,
) -> dict[str, Any]:  # fmt: skip
    """Run one scenario at one data size and return its result row."""
    with app.app_context():  # set-up only: requests must get their own app context and session
        target = scenario.prepare()
    request = _request(target)
    for _ in range(1 if scenario.repeat else max(warmup, 1)):  # slow ones: one warm-up
        status, _lines = _fetch(client, request)
        if status != 200:
            raise ScenarioFailed(
                f"HTTP {status} for {target if isinstance(target, str) else scenario.name}"
            )
    statements = count_statements(engine, client, request)
    times = []
    for _ in range(scenario.repeat or repeat):
        start = time.perf_counter()
        _fetch(client, request)
        times.append((time.perf_counter() - start) * 1000)
    result = {
        "name": scenario.name,
        "tickets": tickets,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(statistics.quantiles(times, n=20, method="inclusive")[18], 1),
        "statements": statements,
    }
    if scenario.streamed:
        result["peak_memory_mb"], result["rows"] = peak_memory(client, request)
    return result
