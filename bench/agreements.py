"""Benchmarks of the service-agreement pages: `python -m bench.agreements [--tickets N]`.

Scenarios `achievement_page`, `handoff_map` (over 100,000 tickets; target: median
under 300 ms) and `deadline_compute` (10,000 open tickets; target: under 1 s).
Each returns {"p50_ms", "p95_ms", "statements"}. Uses DATABASE_URL (SQLite file
or PostgreSQL); seeds it with `seed_bench` and the demo catalogue when empty.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event, func, select, update

from backoffice import create_app
from backoffice.extensions import db

RESULTS = Path(__file__).resolve().parent / "results"


def _measure(app: Flask, run: Callable[[], Any], repeat: int) -> dict[str, float]:
    statements: list[int] = []
    timings = []
    with app.app_context():
        engine = db.engine
    for _ in range(repeat):
        count = [0]

        def on_execute(*_args: Any, count: list[int] = count) -> None:
            count[0] += 1

        event.listen(engine, "before_cursor_execute", on_execute)
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
        event.remove(engine, "before_cursor_execute", on_execute)
        statements.append(count[0])
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[min(len(timings) - 1, int(0.95 * len(timings)))], 1),
        "statements": max(statements),
    }


def _page(app: Flask, url: str) -> Callable[[], None]:
    """A GET of `url` signed in as the demo coordinator (the app must not check CSRF)."""
    client = app.test_client()
    response = client.post(
        "/login", data={"email": "coordinator@example.com", "password": "demo-password"}
    )
    assert response.status_code == 302, response.status_code

    def run() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return run


def achievement_page(app: Flask, repeat: int = 20) -> dict[str, float]:
    return _measure(app, _page(app, "/agreements/achievement"), repeat)


def handoff_map(app: Flask, repeat: int = 20) -> dict[str, float]:
    return _measure(app, _page(app, "/agreements/handoff-map"), repeat)


def deadline_compute(app: Flask, repeat: int = 5, tickets: int = 10_000) -> dict[str, float]:
    """Recompute the due times of `tickets` open tickets (as after an agreement change)."""
    from backoffice.agreements.recompute import recompute_open_tickets
    from backoffice.tickets.models import OPEN_STATUSES, Status, Ticket

    with app.app_context():
        open_count = db.session.scalar(
            select(func.count(Ticket.id)).where(Ticket.status.in_(OPEN_STATUSES))
        )
        if open_count < tickets:  # reopen some history so there are enough open tickets
            ids = (
                select(Ticket.id).where(Ticket.status == Status.CLOSED).limit(tickets - open_count)
            )
            db.session.execute(
                update(Ticket).where(Ticket.id.in_(ids)).values(status=Status.IN_PROGRESS),
                execution_options={"synchronize_session": False},
            )
            db.session.commit()
        handoffs = set(db.session.scalars(select(Ticket.handoff_id).distinct()))

    def run() -> None:
        with app.app_context():
            count = recompute_open_tickets(handoffs)
            db.session.commit()
            assert count >= tickets, count

    return _measure(app, run, repeat)


SCENARIOS = {
    "achievement_page": achievement_page,
    "handoff_map": handoff_map,
    "deadline_compute": deadline_compute,
}


def prepare(app: Flask, tickets: int) -> None:
    from backoffice.agreements.demo import seed_agreements
    from backoffice.demo import seed_bench
    from backoffice.tickets.models import Ticket

    with app.app_context():
        db.create_all()
        existing = db.session.scalar(select(func.count(Ticket.id))) or 0
        if existing < tickets:
            seed_bench(tickets - existing)
        seed_agreements()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    args = parser.parse_args()
    app = create_app({"WTF_CSRF_ENABLED": False})
    prepare(app, args.tickets)
    with app.app_context():
        dialect = db.engine.dialect.name
    results = {name: scenario(app) for name, scenario in SCENARIOS.items()}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"agreements-{dialect}.json").write_text(json.dumps(results, indent=2))
    print(json.dumps({dialect: results}, indent=2))


if __name__ == "__main__":
    main()
