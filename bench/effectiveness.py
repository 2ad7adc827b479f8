"""Effectiveness-check benchmarks: `python -m bench.effectiveness [--tickets N] [--checks M]`.

effectiveness_mark_due: the due job's marking, which counts each check's recurrences
    (similar tickets since its preventive action), for 10,000 checks over 100,000
    tickets (target: under 1 s). `effectiveness_notify` beside it: queuing the owner's
    mail for each of them (not part of the target; a real day has a handful).
effectiveness_agenda: the agenda section "Were our measures effective?" at 100,000
    tickets (target: under 200 ms).

Uses BENCH_DATABASE_URL (SQLite in a temp dir otherwise; use a database of its own);
`make bench` runs both on its largest data set (bench/run.py).
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import delete, func, insert, select, update

from bench.measure import standalone_app, time_calls


def prepare(app: Flask, tickets: int, checks: int) -> None:
    """`tickets` bench tickets (seeded when fewer), `checks` undecided checks due by today
    and half as many more decided lately (for the agenda): one per resolved ticket."""
    from backoffice.demo import seed_bench
    from backoffice.effectiveness.models import CheckState, EffectivenessCheck
    from backoffice.extensions import db
    from backoffice.i18n import org_today
    from backoffice.models import utcnow
    from backoffice.tickets.models import Status, Ticket

    with app.app_context():
        existing = db.session.scalar(select(func.count(Ticket.id))) or 0
        if existing < tickets:
            seed_bench(tickets - existing)
        db.session.execute(delete(EffectivenessCheck))
        rows = db.session.execute(
            select(Ticket.id, Ticket.resolved_dt, Ticket.owner_id)
            .where(Ticket.status.in_([Status.RESOLVED, Status.CLOSED]),
                   Ticket.resolved_dt.is_not(None))
            .order_by(Ticket.resolved_dt.desc())
            .limit(checks + checks // 2)
        ).all()  # fmt: skip
        today, now = org_today(), utcnow()
        verdicts = (CheckState.EFFECTIVE, CheckState.NOT_EFFECTIVE, CheckState.OBSERVE)
        db.session.execute(
            insert(EffectivenessCheck),
            [
                {"ticket_id": r.id, "preventive_action": "Checked weekly by the team lead.",
                 "recorded_dt": r.resolved_dt, "span_days": 90, "state": CheckState.SCHEDULED,
                 "due_date": today - timedelta(days=n % 60), "verdict_note": "", "version": 1,
                 "created_dt": r.resolved_dt,
                 **({"state": verdicts[n % 3], "decided_dt": now - timedelta(days=n % 50),
                     "decided_by_id": r.owner_id} if n >= checks else {})}
                for n, r in enumerate(rows)
            ],
        )  # fmt: skip
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE tickets")
                conn.exec_driver_sql("VACUUM ANALYZE effectiveness_checks")
        print(f"  {len(rows):,} checks ({min(checks, len(rows)):,} to mark due) over "
              f"{max(existing, tickets):,} tickets", flush=True)  # fmt: skip


def _engine(app: Flask) -> Any:  # noqa: ANN401
    from backoffice.extensions import db

    with app.app_context():
        return db.engine


def _reset(app: Flask) -> None:
    """Every undecided check waits again, unnotified (not timed)."""
    from backoffice.effectiveness.models import CheckState, EffectivenessCheck
    from backoffice.extensions import db
    from backoffice.mail.models import OutboxMessage

    with app.app_context():
        db.session.execute(
            update(EffectivenessCheck)
            .where(EffectivenessCheck.state == CheckState.DUE)
            .values(state=CheckState.SCHEDULED, recurrence_count=None, notified_dt=None)
        )
        db.session.execute(delete(OutboxMessage))
        db.session.commit()


def bench_mark_due(app: Flask, runs: int = 5) -> dict[str, Any]:
    from backoffice.effectiveness.jobs import mark_due
    from backoffice.extensions import db
    from backoffice.i18n import org_today

    def run() -> None:
        with app.app_context():
            marked = mark_due(org_today())
            db.session.commit()
            assert marked, "no check was due"

    return time_calls(_engine(app), run, runs, before_each=lambda _i: _reset(app))


def bench_notify(app: Flask, runs: int = 3) -> dict[str, Any]:
    from backoffice.effectiveness.jobs import mark_due, notify_due
    from backoffice.extensions import db
    from backoffice.i18n import org_today

    def prepare_run(_i: int) -> None:
        _reset(app)
        with app.app_context():
            mark_due(org_today())
            db.session.commit()

    def run() -> None:
        with app.app_context():
            notify_due()
            db.session.commit()

    return time_calls(_engine(app), run, runs, before_each=prepare_run)


def bench_agenda(app: Flask, runs: int = 20) -> dict[str, Any]:
    from backoffice.effectiveness.agenda import effectiveness_section
    from backoffice.extension_points import AgendaPeriod
    from backoffice.i18n import org_timezone, org_today
    from backoffice.models import utcnow
    from backoffice.quarters import Quarter

    def run() -> None:
        with app.app_context():
            quarter = Quarter.of(org_today())
            start, end = quarter.bounds(org_timezone())
            period = AgendaPeriod(0, quarter, quarter.previous(), start, end,
                                  start - timedelta(days=30), utcnow(), 50)  # fmt: skip
            assert effectiveness_section(period)["total"]

    return time_calls(_engine(app), run, runs)


def scenarios(app: Flask, tickets: int, checks: int = 10_000) -> list[dict[str, Any]]:
    """The three measurements, as rows for bench/run.py's results."""
    prepare(app, tickets, checks)
    return [
        {"name": "effectiveness_mark_due", "tickets": tickets, "checks": checks,
         **bench_mark_due(app)},
        {"name": "effectiveness_notify", "tickets": tickets, "checks": checks,
         **bench_notify(app)},
        {"name": "effectiveness_agenda", "tickets": tickets, "checks": checks,
         **bench_agenda(app)},
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--checks", type=int, default=10_000)
    args = parser.parse_args()
    app = standalone_app("effectiveness")
    results: dict[str, Any] = {"load_average_before": os.getloadavg()}
    results["scenarios"] = scenarios(app, args.tickets, args.checks)
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
