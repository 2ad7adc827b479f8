"""Seed 1k → 10k → 100k tickets and measure the main pages on SQLite and PostgreSQL.

    .venv/bin/python -m bench.run [--database sqlite|postgresql] [--sizes 1000,10000] [--only csv_export]

Each database starts empty and grows by adding tickets with `seed_bench`. At each
size every scenario in bench/scenarios.py is requested through the Flask test
client, signed in as the coordinator (one process, no web server in between).
At the largest size the main pages are also requested over HTTP from gunicorn
(bench/http_pages.py, rows named `http_*`); `--only http` measures just those and
puts them into the saved results in place of the earlier ones.
Results go to bench/results/<database>.json and a Markdown table to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import flask_migrate
import sqlalchemy
from flask import Flask
from sqlalchemy import text

from backoffice import create_app
from backoffice.demo import seed_bench
from backoffice.extensions import db
from bench.http_pages import measure_http
from bench.measure import ScenarioFailed, measure
from bench.scenarios import SCENARIOS
from bench.server import prepare_postgresql

HTTP = "http"  # --only http: the pages over HTTP alone
RESULTS = Path(__file__).resolve().parent / "results"
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench")
USER = ("coordinator@example.com", "demo-password")


def build_app(url: str) -> Flask:
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "bench"}
    )
    with app.app_context():
        if any(MIGRATIONS.glob("*.py")):
            flask_migrate.upgrade()
        else:
            db.create_all()
    return app


def database_version(app: Flask) -> str:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            return "PostgreSQL " + db.session.scalar(text("SHOW server_version")).split()[0]
    return f"SQLite {sqlite3.sqlite_version}"


def machine(app: Flask) -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "cpu": _cpu_model(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlalchemy": sqlalchemy.__version__,
        "database": database_version(app),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor()
    return next(
        (line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), ""
    )


def grow(app: Flask, size: int) -> dict[str, Any]:
    """Add tickets until there are `size`; vacuum and analyse, as autovacuum would."""
    with app.app_context():
        have = db.session.scalar(text("SELECT count(*) FROM tickets"))
        start = time.perf_counter()
        summary = seed_bench(size - have) if size > have else {"tickets": 0, "events": 0}
        seconds = time.perf_counter() - start
        if db.engine.dialect.name == "postgresql":
            # Statistics and the visibility map, as autovacuum keeps them on a live
            # database (index-only scans need the latter; bulk loads outrun autovacuum).
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
    print(f"  seeded {summary['tickets']:,} tickets ({summary['events']:,} events) "
          f"in {seconds:.1f} s, now {size:,}", file=sys.stderr)  # fmt: skip
    return {"tickets": size, "added": summary["tickets"], "seconds": round(seconds, 2)}


def sign_in(app: Flask):  # noqa: ANN201 (a FlaskClient)
    client = app.test_client()
    response = client.post("/login", data={"email": USER[0], "password": USER[1]})
    if response.status_code != 302:
        raise ScenarioFailed(f"login answered HTTP {response.status_code}")
    return client


def run_database(
    name: str, url: str, sizes: list[int], repeat: int, warmup: int, only: set[str] | None = None
) -> dict:
    app = build_app(url)
    with app.app_context():
        engine = db.engine
    report: dict[str, Any] = {"machine": machine(app), "seeding": [], "scenarios": []}
    for size in sizes:
        report["seeding"].append(grow(app, size))
        client = sign_in(app)
        for scenario in SCENARIOS.values():
            if only and scenario.name not in only:
                continue
            try:
                row = measure(app, engine, client, scenario, size, repeat, warmup)
            except ScenarioFailed as exc:
                row = {"name": scenario.name, "tickets": size, "error": str(exc)}
            print(f"  {name} {size:>7,} {_cells(row)}", file=sys.stderr)
            report["scenarios"].append(row)
    for row in [] if only else feature_scenarios(app, sizes[-1]):
        print(f"  {name} {row['tickets']:>7,} {_cells(row)}", file=sys.stderr)
        report["scenarios"].append(row)
    engine.dispose()
    for row in http_scenarios(url, sizes[-1]) if not only or HTTP in only else []:
        print(f"  {name} {row['tickets']:>7,} {_cells(row)}", file=sys.stderr)
        report["scenarios"].append(row)
    return report


def http_scenarios(url: str, size: int) -> list[dict[str, Any]]:
    """The main pages over HTTP from gunicorn, on the largest data set (bench/http_pages.py)."""
    try:
        return measure_http(url, size)
    except ScenarioFailed as exc:
        return [{"name": "http", "tickets": size, "error": str(exc)}]


def merge_http(path: Path, report: dict[str, Any]) -> dict[str, Any]:
    """The saved results with their `http_*` rows replaced by this run's (`--only http`)."""
    saved = json.loads(path.read_text()) if path.exists() else {"seeding": [], "scenarios": []}
    kept = [row for row in saved["scenarios"] if not row["name"].startswith(HTTP)]
    saved["scenarios"] = kept + report["scenarios"]
    saved["http_machine"] = report["machine"]
    return saved


def feature_scenarios(app: Flask, size: int) -> list[dict[str, Any]]:
    """Service agreements, quarterly reviews, effectiveness checks and surveys, measured on
    the largest data set.

    Their code lives in bench/agreements.py, bench/meetings.py, bench/effectiveness.py and
    bench/surveys.py (each can also run alone); here their figures join the same results file.
    """
    from bench import agreements, api, effectiveness, meetings, surveys

    agreements.prepare(app, size)
    rows = [
        {"name": name, "tickets": size, **func(app)}
        for name, func in (
            ("achievement_page", agreements.achievement_page),
            ("handoff_map", agreements.handoff_map),
            ("deadline_compute", agreements.deadline_compute),
        )
    ]
    build = meetings.bench_agenda_build(app)
    rows.append({"name": "agenda_build", "tickets": build["open_tickets"], **build})
    pdf = meetings.bench_agenda_pdf(app)
    rows.append({"name": "agenda_pdf", "tickets": pdf["ticket_rows"], **pdf})
    rows += effectiveness.scenarios(app, size)
    close = surveys.bench_survey_close(app)  # 5,000 answers over 50 services (target < 2 s)
    rows.append({"name": "survey_close", "tickets": size, **close})
    profile = surveys.bench_survey_profile(app)  # their service profile (target < 100 ms)
    rows.append({"name": "survey_profile", "tickets": size, **profile})
    rows.append({"name": "api_import_10000_rows", "tickets": size, **api.bench_import(app)})
    return rows


def _cells(row: dict) -> str:
    if "error" in row:
        return f"{row['name']}: {row['error']}"
    extra = _note(row)
    statements = f", {row['statements']} statements" if "statements" in row else ""
    return f"{row['name']} p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms{statements} {extra}"


def _note(row: dict) -> str:
    """Memory where it is a goal: streamed responses (Python heap) and the agenda PDF (process)."""
    if "rows" in row:
        return f"peak {row['peak_memory_mb']} MB, {row['rows']:,} rows"
    if "first" in row:  # the import: the same file again, and memory at a fifth of the rows
        return (f"CPU {row['first']['cpu_seconds']} s; again {row['again']['seconds']} s, "
                f"{row['again']['created']} new; peak {row['peak_memory_mb']}")  # fmt: skip
    if "ticket_rows" in row:
        return f"{row['ticket_rows']} ticket rows, peak RSS {row['peak_rss_mb']} MB"
    if "workers" in row:
        return f"over HTTP, gunicorn with {row['workers']} workers, {row['requests']} requests"
    return ""


def markdown(reports: dict[str, dict]) -> str:
    lines = ["| database | scenario | tickets | p50 ms | p95 ms | SQL statements | notes |",
             "| --- | --- | ---: | ---: | ---: | ---: | --- |"]  # fmt: skip
    for report in reports.values():
        label = report["machine"]["database"]
        for row in report["scenarios"]:
            if "error" in row:
                lines.append(
                    f"| {label} | {row['name']} | {row['tickets']:,} | | | | **{row['error']}** |"
                )
                continue
            note = _note(row)
            lines.append(f"| {label} | {row['name']} | {row['tickets']:,} | {row['p50_ms']} | "
                         f"{row['p95_ms']} | {row.get('statements', '')} | {note} |")  # fmt: skip
    first = next(iter(reports.values()), None)
    if first:
        info = first["machine"]
        lines.append("")
        lines.append(f"{info['cpu_count']} CPUs ({info['cpu']}), Python {info['python']}, "
                     f"SQLAlchemy {info['sqlalchemy']}; one process, Flask test client, "
                     "except `http_*`: one client, gunicorn on loopback.")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), help="default: both")
    parser.add_argument("--sizes", default="1000,10000,100000", help="ticket counts, ascending")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per scenario")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--only",
        help="page scenarios to run, e.g. csv_export,xlsx_export (results not saved); "
        "`http`: the pages over HTTP alone, saved in place of the earlier ones",
    )
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    RESULTS.mkdir(exist_ok=True)
    reports = {}
    with ExitStack() as stack:
        for name in [args.database] if args.database else ["sqlite", "postgresql"]:
            if name == "sqlite":
                folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-"))
                url = f"sqlite:///{folder}/bench.sqlite"
            else:
                url = PG_URL
                problem = prepare_postgresql(url)
                if problem:
                    print(f"PostgreSQL skipped: {problem}", file=sys.stderr)
                    continue
            print(f"== {name}", file=sys.stderr)
            only = set(args.only.split(",")) if args.only else None
            reports[name] = run_database(name, url, sizes, args.repeat, args.warmup, only)
            path = RESULTS / f"{name}.json"
            if only == {HTTP}:
                reports[name] = merge_http(path, reports[name])
            elif only:
                continue  # a partial run would overwrite the full results
            path.write_text(json.dumps(reports[name], indent=2) + "\n")
            print(f"  results in {path}", file=sys.stderr)
    print(markdown(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
