"""The two ways to fill a database: `seed_demo` (the demo office) and `seed_bench` (bulk).

A fixed random seed makes every run the same.
"""

from __future__ import annotations

import random
from collections import defaultdict

from sqlalchemy import func, select

from backoffice.demo import texts
from backoffice.demo.bulk import allocate_numbers, write_stories
from backoffice.demo.organisation import ensure_demo_organisation
from backoffice.demo.stories import (
    SHORTEST_PATHS,
    Story,
    draft_ticket,
    play_demo,
    random_created_dt,
    random_status,
)
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.tickets.models import Status, Ticket

DEMO_TICKETS = 300
RANDOM_SEED = 4711
BENCH_BATCH_SIZE = 5000


class DemoDataExists(RuntimeError):
    """seed-demo fills an empty database only; it never mixes demo tickets into real ones."""


def seed_demo() -> dict[str, int]:
    """Fill an empty database with the demo office and two years of its handoff defects."""
    if db.session.scalar(select(func.count()).select_from(Ticket)):
        raise DemoDataExists("The database already has tickets; seed-demo only fills an empty one.")
    org = ensure_demo_organisation()
    rng = random.Random(RANDOM_SEED)
    now = utcnow()
    created = sorted(random_created_dt(rng, now) for _ in range(DEMO_TICKETS))
    statuses = [random_status(rng, dt, now) for dt in created]
    missing = [status for status in SHORTEST_PATHS if status not in statuses]
    for index, status in zip(range(len(created) - 1, 0, -5), missing, strict=False):
        statuses[index] = status  # every status shows up, on a recent ticket
    stories: list[Story] = []
    originals: dict[int, list[tuple[int, str]]] = defaultdict(list)  # by handoff
    for number, dt, status in zip(allocate_numbers(created), created, statuses, strict=True):
        story = Story(draft_ticket(rng, org, dt, number), org, rng)
        earlier = originals[story.row["handoff_id"]]
        story.target = rng.choice(earlier[-12:]) if earlier else None
        play_demo(story, status, now)
        if story.row["status"] not in (Status.DUPLICATE, Status.REJECTED):
            earlier.append((len(stories), number))
        stories.append(story)
    counts = write_stories(stories)
    db.session.commit()
    organisation = {
        "functions": len(texts.FUNCTIONS),
        "users": len(org.users),
        "handoffs": len(org.flows),
    }
    return organisation | counts


def seed_bench(tickets: int) -> dict[str, int]:
    """Add `tickets` plausible tickets fast, to measure the pages at realistic sizes.

    Reuses (or creates) the demo organisation; repeated calls add more tickets and
    continue the numbering. Only status events are written, and no comments.
    """
    org = ensure_demo_organisation()
    existing = db.session.scalar(select(func.count()).select_from(Ticket)) or 0
    rng = random.Random(f"{RANDOM_SEED}-{existing}")  # new rows on each call, yet reproducible
    now = utcnow()
    created = sorted(random_created_dt(rng, now) for _ in range(tickets))
    numbers = allocate_numbers(created)
    totals = {"tickets": 0, "events": 0}
    for start in range(0, tickets, BENCH_BATCH_SIZE):
        stories = []
        for index in range(start, min(start + BENCH_BATCH_SIZE, tickets)):
            story = Story(
                draft_ticket(rng, org, created[index], numbers[index]), org, rng, detailed=False
            )
            story.play(SHORTEST_PATHS[random_status(rng, created[index], now)], now)
            stories.append(story)
        counts = write_stories(stories)
        totals = {key: totals[key] + counts[key] for key in totals}
    db.session.commit()
    return totals
