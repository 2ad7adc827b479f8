"""Benchmarks of the service-agreement pages:
`python -m bench.agreements [--tickets N] [--scenario NAME ...]`.

Scenarios `achievement_page`, `handoff_map` (over 100,000 tickets; target: median
under 300 ms) and `deadline_compute` (10,000 open tickets; target: under 1 s), with
`deadline_recheck` beside it: the same recomputation when no due time moves.
Each returns the figures of `bench.measure.time_calls`, printed with the load average
(`make bench` records the first three in bench/results/<database>.json). Uses
DATABASE_URL (SQLite file or PostgreSQL; use a database of its own, the runs change
tickets); seeds it with `seed_bench` and the demo catalogue when empty, and on
PostgreSQL vacuums and analyses the tickets.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy import func, select, update

from backoffice import create_app
from backoffice.extensions import db
from bench.measure import time_calls


def _measure(
    app: Flask,
    run: Callable[[], Any],
    repeat: int,
    before_each: Callable[[int], Any] | None = None,
) -> dict[str, float]:
    with app.app_context():
        engine = db.engine
    return time_calls(engine, run, repeat, before_each=before_each)


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
    """Recompute the due times of `tickets` open tickets after an agreement change.

    Before each run every resolution target moves by one unit (untimed), so every
    open ticket under an agreement gets new due times and is written: tickets
    whose due times stay are skipped, and would make the run look cheaper.
    """
    return _recompute(app, repeat, tickets, change=True)


def deadline_recheck(app: Flask, repeat: int = 5, tickets: int = 10_000) -> dict[str, float]:
    """The same when nothing moved: reading and computing only, no ticket is written."""
    return _recompute(app, repeat, tickets, change=False)


def _recompute(app: Flask, repeat: int, tickets: int, change: bool) -> dict[str, float]:
    from backoffice.agreements.models import Agreement
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

    def change_agreements(i: int) -> None:
        with app.app_context():
            step = 1 if i % 2 == 0 else -1
            db.session.execute(
                update(Agreement).values(resolution_amount=Agreement.resolution_amount + step)
            )
            db.session.commit()

    def run() -> None:
        with app.app_context():
            count = recompute_open_tickets(handoffs)
            db.session.commit()
            assert count >= tickets, count

    if not change:
        run()  # in step with the agreements, whatever ran before
        return _measure(app, run, repeat)
    result = _measure(app, run, repeat, before_each=change_agreements)
    if repeat % 2:
        change_agreements(1)  # the targets as they were
        run()
    return result


SCENARIOS = {
    "achievement_page": achievement_page,
    "handoff_map": handoff_map,
    "deadline_compute": deadline_compute,
    "deadline_recheck": deadline_recheck,
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
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # Statistics and a visibility map, as autovacuum keeps them on a live database
            # (it is off on some test servers, and bulk loads outrun it anyway).
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE tickets")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument(
        "--scenario", action="append", choices=sorted(SCENARIOS), help="(repeatable) default: all"
    )
    args = parser.parse_args()
    app = create_app({"WTF_CSRF_ENABLED": False})
    prepare(app, args.tickets)
    with app.app_context():
        dialect = db.engine.dialect.name
    names = args.scenario or list(SCENARIOS)
    load_before = os.getloadavg()[0]
    results: dict[str, Any] = {name: SCENARIOS[name](app) for name in names}
    # Timings on a shared machine mean little without how busy it was.
    results["load_avg_1min"] = {"before": load_before, "after": os.getloadavg()[0]}
    print(json.dumps({dialect: results}, indent=2))


if __name__ == "__main__":
    main()
