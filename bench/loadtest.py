"""Load test: signed-in users against gunicorn for a few minutes, on PostgreSQL or SQLite.

    .venv/bin/python -m bench.loadtest [--database postgresql|sqlite] [--users 50]
        [--seconds 300] [--tickets 100000] [--workers N]
    make loadtest LOADTEST_ARGS="--seconds 30 --tickets 10000"

The database (PostgreSQL: LOADTEST_PG_URL, by default the dedicated database
`loadtest` on 127.0.0.1; SQLite: a temporary file) is emptied, migrated and seeded
with the demo office plus `--tickets` bulk tickets. gunicorn serves it on a free
loopback port (bench/server.py) and Locust runs bench/locustfile.py headless
against it, bounded by `--seconds`. Results go to bench/results/load-<database>.json
and a Markdown table to stdout; the exit status is 1 if any request failed or the
app logged an unhandled error. gunicorn's log (with any traceback) and Locust's
CSV files stay in a temporary folder, named at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import runpy
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from bench.server import GUNICORN_CONF, HOST, ROOT, prepare_database, reset_database, serve

RESULTS = Path(__file__).resolve().parent / "results"
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
PG_URL = os.environ.get("LOADTEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/loadtest")
SPAWN_RATE = 10  # users started per second
CHAINED = ("During handling", "The above exception")
STOP_TIMEOUT = 10  # seconds a user gets to finish its task when time is up


def default_workers() -> int:
    """What gunicorn.conf.py chooses (WEB_CONCURRENCY or 2 × cores + 1)."""
    return int(runpy.run_path(str(GUNICORN_CONF))["workers"])


def run_locust(
    base_url: str,
    users: int,
    seconds: int,
    folder: Path,
    wait: str | None = None,
    user_classes: list[str] | None = None,
    tour: bool = False,
) -> tuple[int, dict[str, Any]]:
    """Run Locust headless against `base_url` (loopback only); its exit status and summary.

    `wait` and `tour` are the locustfile's BENCH_WAIT and BENCH_TOUR; `user_classes`
    picks some of its users (by default all, by their weights).
    """
    if not base_url.startswith(f"http://{HOST}:"):
        raise ValueError(f"The load test runs against this machine only, not {base_url}")
    summary = folder / "locust-summary.json"
    env = dict(os.environ, BENCH_SUMMARY=str(summary))
    if wait:
        env["BENCH_WAIT"] = wait
    if tour:
        env["BENCH_TOUR"] = "1"
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
               "--users", str(users), "--spawn-rate", str(min(users, SPAWN_RATE)),
               "--run-time", f"{seconds}s", "--stop-timeout", str(STOP_TIMEOUT),
               "--host", base_url, "--only-summary", "--csv", str(folder / "locust"),
               *(user_classes or [])]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, env=env, timeout=seconds + STOP_TIMEOUT + 120)
    return done.returncode, json.loads(summary.read_text())


def server_errors(log: Path) -> dict[str, Any]:
    """What the app and gunicorn logged as going wrong: each traceback's route and last line."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    tracebacks: Counter[str] = Counter()
    route, exception, in_traceback = "", "", False
    for line in [*lines, "[end]"]:
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
        elif line.startswith("["):  # the next log record
            if in_traceback and exception:
                tracebacks[f"{route}: {exception}"[:300]] += 1
            route, exception, in_traceback = "", "", False
            if found := re.search(r"Unhandled error on (\S+)", line):
                route = re.sub(r"^/tickets/[^/]+", "/tickets/[number]", found.group(1))
        elif in_traceback and line and not line[0].isspace() and not line.startswith(CHAINED):
            exception = line  # the last one of a chain is what was raised
    return {
        "tracebacks": dict(tracebacks.most_common()),
        "worker_timeouts": sum("WORKER TIMEOUT" in line for line in lines),
        "workers_booted": sum("Booting worker" in line for line in lines),
    }


def _children_cpu_s() -> float:
    """CPU seconds of the child processes that ended (gunicorn's workers count via the master)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def database_facts(url: str) -> dict[str, Any]:
    engine = create_engine(url)
    with engine.connect() as conn:
        tickets = conn.scalar(text("SELECT count(*) FROM tickets"))
        if engine.dialect.name == "postgresql":
            version = "PostgreSQL " + conn.scalar(text("SHOW server_version")).split()[0]
        else:
            version = "SQLite " + conn.scalar(text("SELECT sqlite_version()"))
    engine.dispose()
    return {"database": version, "tickets": tickets}


def machine() -> dict[str, Any]:
    from bench.run import _cpu_model

    return {
        "cpu_count": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def results(
    args: argparse.Namespace, workers: int, facts: dict, summary: dict, server: dict, info: dict
) -> dict[str, Any]:
    total = summary["total"]
    by_type: Counter[str] = Counter()
    for failure in summary["failures"]:
        by_type[failure["error"]] += failure["occurrences"]
    seconds = summary["seconds"] or 1
    log = dict(server)
    cpu_s, locust_cpu_s = log.pop("cpu_s"), log.pop("locust_cpu_s")
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        **facts,
        "server": {
            "command": "gunicorn -c gunicorn.conf.py wsgi:app",
            "workers": workers,
            "worker_class": "sync",
            "cpu_s": cpu_s,
            # What a request costs gunicorn, whatever else the machine was doing.
            "cpu_ms_per_request": round(1000 * cpu_s / max(total["requests"], 1), 1),
            "locust_cpu_s": locust_cpu_s,
        },
        "load": {
            "users": args.users,
            "spawn_rate": min(args.users, SPAWN_RATE),
            "seconds": args.seconds,
            "wait_between_tasks_s": args.wait or "1,3",
        },
        "duration_s": summary["seconds"],
        "requests": total["requests"],
        "failures": {
            "count": total["failures"],
            "by_type": dict(by_type.most_common()),
            "by_request": summary["failures"],
        },
        "throughput_rps": round(total["requests"] / seconds, 1),
        "response_ms": {
            key: total[key] for key in ("p50_ms", "p95_ms", "p99_ms", "avg_ms", "max_ms")
        },
        "by_request": summary["requests"],
        "conflicts": {"total": sum(summary["conflicts"].values()), **summary["conflicts"]},
        "tasks_done": summary["tasks"],
        "server_log": log,
    }


def markdown(report: dict[str, Any]) -> str:
    lines = ["| request | requests | failures | p50 ms | p95 ms | p99 ms |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    for row in [*report["by_request"], {**report["response_ms"], "method": "", "name": "all",
                                        "requests": report["requests"],
                                        "failures": report["failures"]["count"]}]:  # fmt: skip
        lines.append(f"| {row['method']} {row['name']} | {row['requests']:,} | {row['failures']:,} | "
                     f"{row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} |")  # fmt: skip
    info, load = report["machine"], report["load"]
    lines += ["", f"{report['requests']:,} requests in {report['duration_s']} s "
              f"({report['throughput_rps']} req/s), {report['failures']['count']} failures, "
              f"{report['conflicts']['total']} conflicts (409/403, counted as answered); "
              f"{load['users']} users, {report['server']['workers']} gunicorn workers, "
              f"{report['database']} with {report['tickets']:,} tickets; "
              f"{info['cpu_count']} CPUs ({info['cpu']})."]  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument(
        "--tickets", type=int, default=100_000, help="bulk tickets besides the demo's"
    )
    parser.add_argument("--workers", type=int, help="default: gunicorn.conf.py's (2 × cores + 1)")
    parser.add_argument("--wait", help='seconds between a user\'s tasks, "min,max" (default 1,3)')
    parser.add_argument("--output", type=Path, help="default: bench/results/load-<database>.json")
    args = parser.parse_args(argv)
    workers = args.workers or default_workers()
    folder = Path(tempfile.mkdtemp(prefix=f"loadtest-{args.database}-"))
    url = PG_URL if args.database == "postgresql" else f"sqlite:///{folder / 'loadtest.sqlite'}"
    info = machine()

    started = time.perf_counter()
    reset_database(url)
    prepare_database(url, args.tickets)
    facts = database_facts(url)
    print(f"== {facts['database']}: {facts['tickets']:,} tickets ready in "
          f"{time.perf_counter() - started:.0f} s; {args.users} users for {args.seconds} s "
          f"against {workers} workers", file=sys.stderr)  # fmt: skip
    log_path = folder / "gunicorn.log"
    before = _children_cpu_s()
    with serve(url, workers=workers, log_path=log_path) as base_url:
        locust_cpu = _children_cpu_s()
        status, summary = run_locust(base_url, args.users, args.seconds, folder, args.wait)
        locust_cpu = _children_cpu_s() - locust_cpu
    info["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    server = server_errors(log_path)
    server["cpu_s"] = round(_children_cpu_s() - before - locust_cpu, 1)  # master and workers
    server["locust_cpu_s"] = round(locust_cpu, 1)
    report = results(args, workers, facts, summary, server, info)

    path = args.output or RESULTS / f"load-{args.database}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(markdown(report))
    print(f"Results in {path}; gunicorn's log and Locust's CSV files in {folder}", file=sys.stderr)
    failed = status != 0 or report["failures"]["count"] or report["server_log"]["tracebacks"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
