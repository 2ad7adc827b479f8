"""Gunicorn settings: `gunicorn -c gunicorn.conf.py wsgi:app` (`make run`, bench/server.py).

Sizing the workers: a sync worker serves one request at a time, mostly on the CPU
(templates, SQLAlchemy; about 30 ms of CPU per request in the load test's mix) and
partly waiting for the database. `2 × cores + 1` keeps every core busy while some
workers wait; it is the default here and what `make loadtest` measures. More
workers than that only queue for the CPU, and each costs about 110 MB of memory.
With PostgreSQL on the same machine, or little memory, take fewer. Set
WEB_CONCURRENCY to choose; any other setting can be overridden with
GUNICORN_CMD_ARGS, e.g. GUNICORN_CMD_ARGS="--timeout 60".
"""

from __future__ import annotations

import os


def cpu_cores() -> int:
    """The cores this process may use (fewer than the machine has under CPU affinity)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    return 2 * cpu_cores() + 1


workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers())
# Loopback unless told otherwise: in production a reverse proxy sits in front.
bind = [os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT') or 5000}"]

# A worker silent this long is killed and replaced (the agenda PDF, the slowest page,
# takes about 4 s with 100,000 tickets).
timeout = 30
# On SIGTERM or a reload, requests in flight get this long to finish.
graceful_timeout = 30
keepalive = 5
# Replace a worker now and then, so memory a long-lived process gathers is returned.
max_requests = 2000
max_requests_jitter = 200

errorlog = "-"  # stderr; the app logs its errors there too


def post_worker_init(worker) -> None:  # noqa: ANN001 (gunicorn's Worker)
    """Keep the app's own objects out of the garbage collector's way.

    A loaded app holds some 225,000 objects (modules, templates, mappers) that live as
    long as the worker. Python's oldest-generation collection walks all of them now and
    then, in the middle of some request; frozen, they are skipped. The requests' own
    objects are collected as before.
    """
    import gc

    gc.collect()
    gc.freeze()
