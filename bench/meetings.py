"""Agenda benchmarks: `python -m bench.meetings` (SQLite in a temp dir, or BENCH_DATABASE_URL).

agenda_build: the agenda of 10,000 open tickets (target: under 1 s, statements fixed).
agenda_pdf:   the PDF of an agenda with 500 ticket rows (target: under 10 s, under 500 MB).

The data is meant to print like a real, busy quarter: titles of 20 to 150 characters,
500 tickets resolved this quarter (so the reported and resolved lists are full, with
preventive actions) and a service agreement per function with met and breached tickets.
Timings are wall clock and, steadier on a shared machine, CPU time of this process; the
load average before and after is printed with them; `make bench` records both scenarios
in bench/results/<database>.json.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from flask import Flask
from sqlalchemy import insert, select

from bench.measure import standalone_app, time_calls

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


SUBJECTS = (
    "Approved hours",
    "Timesheet export",
    "Invoice run",
    "Rate table",
    "Travel expenses",
    "Credit note",
    "Project code",
    "Purchase order",
    "Customer master data",
    "VAT code",
)
PROBLEMS = (
    "missing in the export",
    "booked on the wrong project",
    "sent twice to the customer",
    "uses last year's rates",
    "rejected by the ledger without a reason",
    "arrived after the billing cut-off",
    "has no cost centre",
    "rounded to whole hours",
)
DETAILS = (
    "",
    "",
    "for week 14",
    "for the Rotterdam branch and two of its subcontractors",
    "after the public holiday on Monday",
    "since the migration of the payroll system",
    "although the approver confirmed the corrections by mail on Friday afternoon",
)


def _title(rng: random.Random) -> str:
    """Titles of realistic length (about 20 to 150 characters), so rows wrap as they would."""
    return " ".join(
        part for part in (rng.choice(SUBJECTS), rng.choice(PROBLEMS), rng.choice(DETAILS)) if part
    )


def _seed(open_tickets: int) -> None:
    """Functions with a service agreement each, handoffs, users, `open_tickets` open tickets
    and a twentieth as many resolved this quarter (met or breached), inserted in bulk."""
    from backoffice.agreements.models import Agreement, Service, TargetUnit
    from backoffice.auth.models import Role, User
    from backoffice.extensions import db
    from backoffice.meetings.schedule import ensure_reviews
    from backoffice.org.models import Function, Handoff
    from backoffice.tickets.models import (
        PickListItem,
        PickListKind,
        Severity,
        SlaState,
        Status,
        Ticket,
    )

    rng = random.Random(7)
    functions = [Function(name=f"Function {i}") for i in range(6)]
    users = [User(email=f"u{i}@example.com", name=f"User {i}", password_hash="x",
                  role=Role.OWNER if i else Role.COORDINATOR) for i in range(20)]  # fmt: skip
    db.session.add_all(functions + users)
    db.session.flush()
    handoffs = [Handoff(name=f"Handoff {i}", from_function_id=functions[i % 6].id,
                        to_function_id=functions[(i + 1) % 6].id) for i in range(12)]  # fmt: skip
    categories = [PickListItem(kind=PickListKind.CATEGORY, code=f"c{i}", label_en=f"Category {i}")
                  for i in range(8)]  # fmt: skip
    causes = [PickListItem(kind=PickListKind.ROOT_CAUSE, code=f"r{i}", label_en=f"Root cause {i}")
              for i in range(5)]  # fmt: skip
    services = [Service(provider_function_id=f.id, name=f"Service of {f.name}") for f in functions]
    db.session.add_all(handoffs + categories + causes + services)
    db.session.flush()
    agreements = {
        s.provider_function_id: Agreement(
            service_id=s.id, response_amount=4, response_unit=TargetUnit.HOURS,
            resolution_amount=3, resolution_unit=TargetUnit.DAYS,
        )
        for s in services
    }  # fmt: skip
    db.session.add_all(agreements.values())
    db.session.flush()
    quarter_start = datetime(2026, 9, 30, 22, tzinfo=UTC)  # 1 October in Berlin
    statuses = [Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.DISPUTED]
    rows = []
    for n in range(open_tickets + open_tickets // 20):
        is_open = n < open_tickets
        handoff = rng.choice(handoffs)
        created = NOW - timedelta(days=rng.randint(0, 400), minutes=rng.randint(0, 1440))
        resolved = None
        if not is_open:
            resolved = quarter_start + (NOW - quarter_start) * rng.random()
            created = min(created, resolved - timedelta(hours=rng.randint(2, 400)))
        measured = resolved or (created + timedelta(days=3) if created > quarter_start else None)
        state = SlaState.NONE if measured is None or measured > NOW else (
            SlaState.MET if resolved and rng.random() < 0.8 else SlaState.BREACHED
        )  # fmt: skip
        if is_open and state == SlaState.BREACHED and rng.random() < 0.9:
            state, measured = SlaState.NONE, None  # most open tickets are not (yet) breached
        rows.append({
            "number": f"HD-B-{n:06d}", "title": _title(rng), "description": "x",
            "handoff_id": handoff.id, "category_id": rng.choice(categories).id,
            "severity": rng.choice(list(Severity)),
            "status": rng.choice(statuses) if is_open else Status.RESOLVED,
            "reporter_id": users[1].id, "owner_id": rng.choice(users).id,
            "impact_amount": Decimal(rng.randint(0, 50_000)), "due_date": created.date(),
            "created_dt": created, "updated_dt": created,
            "last_activity_dt": resolved or created, "resolved_dt": resolved,
            "root_cause_id": None if is_open else rng.choice(causes).id,
            "external_reference": "", "impact_currency": "EUR", "cause_analysis": "",
            "corrective_action": "" if is_open else ("Corrected and sent again. " * rng.randint(1, 3)).strip(),
            "preventive_action": "" if is_open else ("Checked weekly by the team lead. " * rng.randint(0, 4)).strip(),
            "rating_remark": "", "status_reason": "", "dispute_reason": "", "dispute_count": 0,
            "version": 1, "agreement_id": agreements[handoff.to_function_id].id,
            "resolution_due_dt": created + timedelta(days=3), "sla_state": state,
            "sla_outcome_dt": measured if state != SlaState.NONE else None,
            "response_s": rng.randint(600, 40_000) if state != SlaState.NONE else None,
            "resolution_s": rng.randint(3600, 400_000) if resolved else None,
        })  # fmt: skip
    db.session.execute(insert(Ticket), rows)
    db.session.commit()
    ensure_reviews(NOW)


def _measure(app: Flask, func: Callable[[], object], runs: int) -> dict[str, float]:
    from backoffice.extensions import db

    return time_calls(db.engine, func, runs, after_each=db.session.remove)


def _review():  # noqa: ANN202
    from backoffice.extensions import db
    from backoffice.meetings.models import QuarterlyReview

    return db.session.scalar(select(QuarterlyReview).where(QuarterlyReview.quarter == "2026-Q4"))


def bench_agenda_build(app: Flask, open_tickets: int = 10_000, runs: int = 7) -> dict[str, float]:
    from backoffice.meetings.agenda import build_agenda

    with app.app_context():
        _seed(open_tickets)
        result = _measure(app, lambda: build_agenda(_review(), NOW), runs)
    return result | {"open_tickets": open_tickets}


def bench_agenda_pdf(app: Flask, rows: int = 500, runs: int = 5) -> dict[str, float]:
    """Run after bench_agenda_build (or on its own): the agenda lists `rows` open tickets."""
    from backoffice.meetings.documents import agenda_pdf

    app.config["AGENDA_MAX_OPEN_ROWS"] = rows
    with app.app_context():
        if _review() is None:
            _seed(rows)
        result = _measure(app, lambda: agenda_pdf(_review(), NOW), runs)
    return result | {"ticket_rows": rows}


def main() -> None:
    app = standalone_app("meetings")
    results: dict[str, object] = {"load_average_before": os.getloadavg()}
    results |= {"agenda_build": bench_agenda_build(app), "agenda_pdf": bench_agenda_pdf(app)}
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
