"""Default pick-lists, the demo office and bulk data for benchmarks.

`ensure_pick_lists` is what every install needs. `seed_demo` fills an empty
database with a plausible office and two years of tickets whose events tell
the story the workflow would have recorded; `seed_bench` adds many tickets
fast for `bench/`. Rows go in with bulk inserts and timestamps in the past,
so seeding takes seconds. A fixed random seed makes every run the same.
"""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate

from flask import current_app
from sqlalchemy import String, Table, bindparam, cast, column, func, insert, literal, select
from sqlalchemy.dialects.postgresql import JSON

from backoffice import demo_data as data
from backoffice.auth.models import Role, User
from backoffice.auth.passwords import hash_password
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.org.models import Function, Handoff
from backoffice.tickets.models import (
    Comment,
    EventKind,
    LinkKind,
    PickListItem,
    PickListKind,
    Severity,
    Status,
    Ticket,
    TicketCounter,
    TicketEvent,
    TicketLink,
)
from backoffice.tickets.workflow import default_due_date

DEMO_PASSWORD = "demo-password"
DEMO_TICKETS = 300
RANDOM_SEED = 4711
HISTORY_DAYS = 730
MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")  # fmt: skip
BENCH_BATCH_SIZE = 5000

SEVERITIES = tuple(Severity)
CENT = Decimal("0.01")
# How a ticket ends up depends on its age: old tickets are mostly finished. Statuses
# not listed (such as waiting) do not occur in generated data.
STATUS_WEIGHTS = [  # (younger than n days, weight of each final status)
    (3, {Status.NEW: 50, Status.ASSIGNED: 20, Status.IN_PROGRESS: 15, Status.DISPUTED: 3,
         Status.RESOLVED: 5, Status.CLOSED: 2, Status.REJECTED: 3, Status.DUPLICATE: 2}),
    (45, {Status.NEW: 8, Status.ASSIGNED: 16, Status.IN_PROGRESS: 24, Status.DISPUTED: 6,
          Status.RESOLVED: 14, Status.CLOSED: 20, Status.REJECTED: 6, Status.DUPLICATE: 6}),
    (HISTORY_DAYS + 1, {Status.ASSIGNED: 1, Status.IN_PROGRESS: 1, Status.DISPUTED: 1,
                        Status.RESOLVED: 4, Status.CLOSED: 76, Status.REJECTED: 10, Status.DUPLICATE: 7}),
]  # fmt: skip
STATUS_CHOICES = [(limit, list(w), list(accumulate(w.values()))) for limit, w in STATUS_WEIGHTS]
SEVERITY_WEIGHTS = list(accumulate((25, 45, 22, 8)))  # low, medium, high, critical
# Columns a fresh report leaves at their defaults; the story fills some of them in.
BLANK_TICKET = {
    **dict.fromkeys(("owner_id", "due_date", "root_cause_id", "resolved_dt", "closed_dt", "rating")),
    **dict.fromkeys(("cause_analysis", "corrective_action", "preventive_action", "rating_remark",
                     "status_reason", "dispute_reason"), ""),
    "status": Status.NEW, "impact_currency": "EUR", "dispute_count": 0, "version": 1,
}  # fmt: skip
# Typical hours between one step of a ticket's life and the next (scaled down when
# the ticket is too young to have taken that long).
STEP_HOURS = {
    "assign": (2, 60), "start": (1, 72), "dispute": (4, 96), "reassign": (4, 72),
    "resolve": (24, 400), "reopen": (24, 200), "close": (12, 300), "reject": (2, 120),
    "duplicate": (1, 48), "link": (1, 48),
}  # fmt: skip


class DemoDataExists(RuntimeError):
    """seed-demo fills an empty database only; it never mixes demo tickets into real ones."""


def ensure_pick_lists() -> None:
    """Create the default categories and root causes that are missing; keep edited ones as they are."""
    existing = {tuple(row) for row in db.session.execute(select(PickListItem.kind, PickListItem.code))}
    for kind, items in data.DEFAULT_PICK_LISTS.items():
        for position, (code, label_en, label_de, label_nl) in enumerate(items, start=1):
            if (kind, code) not in existing:
                labels = {"label_en": label_en, "label_de": label_de, "label_nl": label_nl}
                db.session.add(PickListItem(kind=kind, code=code, position=position * 10, **labels))
    db.session.commit()


@dataclass(frozen=True, slots=True)
class Person:
    """A user as plain values: reading ORM attributes a million times costs seconds."""

    id: int
    name: str


@dataclass(slots=True)
class Flow:
    """A handoff with its demo texts; each defect is (category id, title, description, resolutions)."""

    id: int
    to_function_id: int
    spec: dict
    defects: list[tuple[int, str, str, list]]


@dataclass
class Organisation:
    """The demo office as the generators need it: people, handoffs and pick-list entries."""

    users: dict[str, Person]
    owners: list[Person]
    reporters: dict[int, list[Person]]  # by function id: whoever notices defects there
    flows: list[Flow]
    root_causes: dict[str, PickListItem]
    due_dates: dict[tuple[str, date], date] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {person.id: person for person in self.users.values()}
        self.flow_weights = list(accumulate(flow.spec["weight"] for flow in self.flows))

    def coordinator(self, rng: random.Random) -> Person:
        return self.users["admin@example.com" if rng.random() < 0.15 else "coordinator@example.com"]

    def due_date(self, severity: Severity, day: date) -> date:
        key = (severity.value, day)
        if key not in self.due_dates:
            self.due_dates[key] = default_due_date(severity.value, day)
        return self.due_dates[key]


def ensure_demo_organisation() -> Organisation:
    """Functions, people and handoffs of the demo office; what exists already is reused as is."""
    ensure_pick_lists()
    since = utcnow() - timedelta(days=HISTORY_DAYS + 30)
    stamps = {"created_dt": since, "updated_dt": since}
    functions = {f.name: f for f in db.session.scalars(select(Function))}
    for name, description in data.FUNCTIONS:
        if name not in functions:
            functions[name] = Function(name=name, description=description, **stamps)
            db.session.add(functions[name])
    db.session.flush()
    users = {u.email: u for u in db.session.scalars(select(User))}
    password_hash = None  # argon2 is slow on purpose: hash once for all demo users
    for email, name, role, function, locale in data.USERS:
        if email not in users:
            password_hash = password_hash or hash_password(DEMO_PASSWORD)
            function_id = functions[function].id if function else None
            users[email] = User(email=email, name=name, role=role, function_id=function_id,
                                locale=locale, password_hash=password_hash, **stamps)  # fmt: skip
            db.session.add(users[email])
    db.session.flush()
    for name, email in data.LEADS.items():
        functions[name].lead_id = functions[name].lead_id or users[email].id
    handoffs = {
        (h.from_function_id, h.to_function_id, h.name): h
        for h in db.session.scalars(select(Handoff))
    }
    pairs = []
    for spec in data.HANDOFFS:
        key = (functions[spec["from"]].id, functions[spec["to"]].id, spec["name"])
        if key not in handoffs:
            handoffs[key] = Handoff(from_function_id=key[0], to_function_id=key[1], name=spec["name"],
                                    description=spec["description"],
                                    default_owner_id=users[spec["owner"]].id, **stamps)  # fmt: skip
            db.session.add(handoffs[key])
        pairs.append((handoffs[key], spec))
    db.session.commit()
    return _organisation(users.values(), pairs)


def _organisation(users: Iterable[User], pairs: list[tuple[Handoff, dict]]) -> Organisation:
    items = db.session.scalars(select(PickListItem)).all()
    categories = {i.code: i.id for i in items if i.kind == PickListKind.CATEGORY}
    people = {user.email: Person(user.id, user.name) for user in users}
    reporters: dict[int, list[Person]] = {}
    for user in users:  # clerks report most; owners notice defects too
        if user.function_id and user.role in (Role.CLERK, Role.OWNER):
            weight = 3 if user.role == Role.CLERK else 1
            reporters.setdefault(user.function_id, []).extend([people[user.email]] * weight)
    flows = [
        Flow(handoff.id, handoff.to_function_id, spec,
             [(categories[code], *texts) for code, *texts in spec["defects"]])
        for handoff, spec in pairs
    ]  # fmt: skip
    return Organisation(
        users=people,
        owners=[people[u.email] for u in users if u.role == Role.OWNER and u.function_id],
        reporters=reporters,
        flows=flows,
        root_causes={i.code: i for i in items if i.kind == PickListKind.ROOT_CAUSE},
    )


@dataclass
class Draft:
    """A ticket as reported, plus what its later story needs (texts, intended owner)."""

    row: dict
    resolutions: list[tuple[str, str, str, str]]
    context: dict
    owner: Person
    reporter: Person


def _created_dt(rng: random.Random, now: datetime) -> datetime:
    """A moment in the last two years, more often recent: the tracker is used more over time."""
    return now - timedelta(days=HISTORY_DAYS * rng.random() ** 1.25 + 0.01)


def _status_for(rng: random.Random, created: datetime, now: datetime) -> Status:
    age = (now - created).days
    statuses, weights = next((s, w) for limit, s, w in STATUS_CHOICES if age < limit)
    return rng.choices(statuses, cum_weights=weights)[0]


def _amount(rng: random.Random, low: float, high: float) -> Decimal:
    """Small amounts are common, large ones rare (log-uniform)."""
    return Decimal(math.exp(rng.uniform(math.log(low), math.log(high)))).quantize(CENT)


def _draft(rng: random.Random, org: Organisation, created: datetime, number: str) -> Draft:
    """Invent a report: handoff, texts, references, amounts and who reported it."""
    flow = rng.choices(org.flows, cum_weights=org.flow_weights)[0]
    spec = flow.spec
    category_id, title, description, resolutions = rng.choice(flow.defects)
    period = created.replace(day=1) - timedelta(days=1) if rng.random() < 0.7 else created
    customer_no, customer = rng.choice(data.CUSTOMERS)
    low, high = spec["records"]
    records = low + int((high - low) * rng.random() ** 3)
    low, high, known = spec["impact"]
    amount = _amount(rng, low, high) if rng.random() < known else None
    week = period.isocalendar()[1]
    ref = rng.choice(spec["refs"]).format(
        year=period.year, month=period.month, week=week, seq=rng.randint(1, 2999), cust=customer_no
    )
    context = {
        "customer": customer, "employee": rng.choice(data.EMPLOYEES), "project": rng.choice(data.PROJECTS),
        "period": f"{MONTHS[period.month - 1]} {period.year}", "week": week, "n": records, "ref": ref,
        "amount": f"EUR {amount or Decimal(low):,.2f}",
    }  # fmt: skip
    severity = rng.choices(SEVERITIES, cum_weights=SEVERITY_WEIGHTS)[0]
    if amount and amount > 5000 and severity in (Severity.LOW, Severity.MEDIUM):
        severity = Severity.HIGH
    reporter = rng.choice(org.reporters.get(flow.to_function_id) or [org.coordinator(rng)])
    owner = org.users[spec["owner"]] if rng.random() < 0.8 else rng.choice(org.owners)
    if owner == reporter:
        owner = org.users[spec["owner"]]
    row = BLANK_TICKET | {
        "number": number,
        "title": title.format(**context)[:200],
        "description": description.format(**context),
        "handoff_id": flow.id,
        "found_in_function_id": flow.to_function_id,
        "category_id": category_id,
        "severity": severity,
        "external_reference": ref,
        "billing_period": f"{period.year}-{period.month:02d}" if rng.random() < 0.85 else None,
        "impact_amount": amount,
        "records_affected": records,
        "reporter_id": reporter.id,
        "created_dt": created,
        "updated_dt": created,
        "last_activity_dt": created,
    }
    return Draft(row, resolutions, context, owner, reporter)


# The shortest way through the workflow to each status; the demo adds detours.
SHORTEST_PATHS = {
    Status.NEW: [],
    Status.ASSIGNED: ["assign"],
    Status.IN_PROGRESS: ["assign", "start"],
    Status.DISPUTED: ["assign", "dispute"],
    Status.RESOLVED: ["assign", "resolve"],
    Status.CLOSED: ["assign", "resolve", "close"],
    Status.REJECTED: ["reject"],
    Status.DUPLICATE: ["duplicate"],
}


def _plan(status: Status, rng: random.Random) -> list[str]:
    """A realistic path to `status`: work gets started, owners dispute, a few fixes are reopened."""
    steps = list(SHORTEST_PATHS[status])
    if status == Status.REJECTED and rng.random() < 0.2:
        return ["assign", "dispute", "reject"]
    if status == Status.DISPUTED and rng.random() < 0.5:
        return ["assign", "start", "dispute"]
    if "resolve" in steps and rng.random() < 0.75:
        steps.insert(steps.index("resolve"), "start")
    if steps[:1] == ["assign"] and status != Status.DISPUTED and rng.random() < 0.12:
        steps[1:1] = ["start", "dispute", "reassign"]
    if status == Status.CLOSED and rng.random() < 0.06:
        steps[-1:] = ["reopen", "resolve", "close"]
    return steps


class Story:
    """A ticket's life played step by step: fields set and events recorded as the workflow does.

    With `detailed=False` (benchmarks) only the status events are written: one to
    four per ticket along the shortest path, which is what the measured pages need.
    """

    def __init__(self, draft: Draft, org: Organisation, rng: random.Random, detailed: bool = True):
        self.draft, self.org, self.rng, self.detailed = draft, org, rng, detailed
        self.row = draft.row
        self.target: tuple[int, str] | None = None  # (index, number) of a ticket to link to
        self.links: list[dict] = []
        self.comments: list[dict] = []
        self.clock = self.row["created_dt"] - timedelta(microseconds=1)  # time of the last event
        self.events = [self._event(draft.reporter, self.row["created_dt"], EventKind.CREATED)]

    def play(self, steps: list[str], end: datetime) -> None:
        """Run the steps with typical gaps, squeezed so that the last one happens before `end`."""
        gaps = [timedelta(hours=self.rng.uniform(*STEP_HOURS[step])) for step in steps]
        at = self.row["created_dt"]
        total = sum(gaps, timedelta())
        scale = min(1.0, 0.9 * (end - at) / total) if gaps else 1.0
        for step, gap in zip(steps, gaps, strict=True):
            at += gap * scale
            getattr(self, step)(at)
        self.row["last_activity_dt"] = self.row["updated_dt"] = self.clock

    def add_comments(self, count: int, until: datetime) -> None:
        start, row = self.row["created_dt"], self.row
        people = [self.draft.reporter, self.org.coordinator(self.rng)]
        people += [self.org.by_id[row["owner_id"]]] if row["owner_id"] else []
        for _ in range(count):
            at = start + (until - start) * self.rng.random()
            author = self.rng.choice(people)
            body = self.rng.choice(data.COMMENTS)
            self.comments.append(
                {"ticket_id": None, "author_id": author.id, "body": body, "created_dt": at}
            )
            row["last_activity_dt"] = row["updated_dt"] = max(row["last_activity_dt"], at)

    def _event(self, actor: Person, at: datetime, kind: EventKind, field: str = "",
               old: str = "", new: str = "", note: str = "") -> dict:  # fmt: skip
        # One step writes several events; like the workflow's, each gets its own moment.
        at = self.clock = max(at, self.clock + timedelta(microseconds=1))
        return {"ticket_id": None, "actor_id": actor.id, "created_dt": at, "kind": kind,
                "field": field, "old_value": old, "new_value": new, "note": note}  # fmt: skip

    def _set(self, actor: Person, at: datetime, field: str, column: str, value: object,
             new: str, old: str = "") -> None:  # fmt: skip
        self.row[column] = value
        if self.detailed and new != old:
            self.events.append(self._event(actor, at, EventKind.FIELD, field, old, new))
            self.row["version"] += 1

    def _status(self, actor: Person, at: datetime, new: Status, note: str = "") -> None:
        old = self.row["status"]
        self.events.append(
            self._event(actor, at, EventKind.STATUS, "status", old.value, new.value, note)
        )
        self.row["status"] = new
        self.row["version"] += 1

    def _owner(self) -> Person:
        return self.org.by_id[self.row["owner_id"]]

    def _link(self, actor: Person, at: datetime, kind: LinkKind) -> None:
        index, number = self.target
        self.links.append(
            {"target": index, "kind": kind, "created_by_id": actor.id, "created_dt": at}
        )
        self.events.append(self._event(actor, at, EventKind.LINK, kind.value, "", number))

    # The steps, named as in STEP_HOURS.

    def assign(self, at: datetime, owner: Person | None = None, note: str = "") -> None:
        actor, owner = self.org.coordinator(self.rng), owner or self.draft.owner
        old = self._owner().name if self.row["owner_id"] else ""
        self._set(actor, at, "owner", "owner_id", owner.id, owner.name, old)
        if self.row["due_date"] is None:
            due = self.org.due_date(self.row["severity"], at.date())
            if self.rng.random() < 0.4:  # agreed with the owner: after the next monthly run
                due += timedelta(days=self.rng.randint(7, 30))
            self._set(actor, at, "due_date", "due_date", due, due.isoformat())
        self._status(actor, at, Status.ASSIGNED, note)

    def reassign(self, at: datetime) -> None:
        others = [user for user in self.org.owners if user.id != self.row["owner_id"]]
        self.assign(at, self.rng.choice(others), self.rng.choice(data.REASSIGN_NOTES))

    def start(self, at: datetime) -> None:
        self._status(self._owner(), at, Status.IN_PROGRESS)

    def dispute(self, at: datetime) -> None:
        reason = self.rng.choice(data.DISPUTE_REASONS)
        self.row["dispute_reason"] = reason
        self.row["dispute_count"] += 1
        self._status(self._owner(), at, Status.DISPUTED, reason)

    def resolve(self, at: datetime) -> None:
        owner = self._owner()
        if not self.row["root_cause_id"]:
            code, *texts = self.rng.choice(self.draft.resolutions)
            cause = self.org.root_causes[code]
            self._set(owner, at, "root_cause", "root_cause_id", cause.id, cause.label_en)
            for name, text in zip(
                ("cause_analysis", "corrective_action", "preventive_action"), texts, strict=True
            ):
                text = text.format(**self.draft.context)
                self._set(owner, at, name, name, text, text)
        self.row["resolved_dt"] = at
        self._status(owner, at, Status.RESOLVED)

    def reopen(self, at: datetime) -> None:
        reason = self.rng.choice(data.REOPEN_REASONS)
        self.row.update(status_reason=reason, resolved_dt=None, closed_dt=None)
        self._status(self.draft.reporter, at, Status.IN_PROGRESS, reason)

    def close(self, at: datetime) -> None:
        by_reporter = self.rng.random() < 0.8
        actor = self.draft.reporter if by_reporter else self.org.coordinator(self.rng)
        remark = ""
        if by_reporter and self.rng.random() < 0.7:
            rating = self.rng.choices((5, 4, 3, 2, 1), (35, 35, 15, 10, 5))[0]
            remark = self.rng.choice(data.RATING_REMARKS[rating])
            self._set(actor, at, "rating", "rating", rating, str(rating))
            self._set(actor, at, "rating_remark", "rating_remark", remark, remark)
        self.row["closed_dt"] = at
        self._status(actor, at, Status.CLOSED, remark)

    def reject(self, at: datetime) -> None:
        reason = self.rng.choice(data.REJECT_REASONS)
        self.row.update(status_reason=reason, closed_dt=at)
        self._status(self.org.coordinator(self.rng), at, Status.REJECTED, reason)

    def duplicate(self, at: datetime) -> None:
        actor, reason = self.org.coordinator(self.rng), self.rng.choice(data.DUPLICATE_REASONS)
        self.row.update(status_reason=reason, closed_dt=at)
        if self.target:
            self._link(actor, at, LinkKind.DUPLICATE_OF)
        self._status(actor, at, Status.DUPLICATE, reason)

    def link(self, at: datetime) -> None:
        self._link(self.draft.reporter, at, LinkKind.RELATED_TO)


def _allocate_numbers(created: list[datetime]) -> list[str]:
    """Number tickets per year in creation order, continuing (and advancing) TicketCounter."""
    prefix = current_app.config["TICKET_NUMBER_PREFIX"]
    counters = {counter.year: counter for counter in db.session.scalars(select(TicketCounter))}
    last = {year: counter.last_number for year, counter in counters.items()}
    numbers = []
    for dt in created:
        last[dt.year] = last.get(dt.year, 0) + 1
        numbers.append(f"{prefix}-{dt.year}-{last[dt.year]:05d}")
    for year, number in last.items():
        if year in counters:
            counters[year].last_number = number
        else:
            db.session.add(TicketCounter(year=year, last_number=number))
    return numbers


def _bulk_insert(table: Table, rows: list[dict]) -> None:
    """An executemany; on PostgreSQL one INSERT ... SELECT FROM json_to_recordset instead.

    psycopg runs an executemany row by row, and quotes array elements in Python;
    one JSON document per batch is parsed by the server in C, several times faster.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        db.session.execute(insert(table), rows)
        return
    columns = [table.c[name] for name in rows[0]]
    payload = cast(bindparam(None, json.dumps(rows, default=_json_value), String), JSON)
    records = func.json_to_recordset(payload).table_valued(
        *(column(c.name, c.type) for c in columns)
    )
    # INSERT ... SELECT skips Python-side defaults, so the constant ones are selected too.
    defaults = [c for c in table.c if c.name not in rows[0] and c.default is not None]
    defaults = [c for c in defaults if c.default.is_scalar]
    source = select(
        *records.render_derived(with_types=True).c,
        *(literal(c.default.arg, c.type) for c in defaults),
    )
    db.session.execute(insert(table).from_select(columns + defaults, source))


def _json_value(value: object) -> str:
    """Dates, timestamps (aware UTC) and amounts as PostgreSQL reads them back from JSON."""
    return value.isoformat() if isinstance(value, date) else str(value)


def _write(stories: list[Story]) -> dict[str, int]:
    """Insert the tickets, then their events, comments and links.

    The new ids are read back by number: RETURNING in parameter order would make
    SQLAlchemy insert row by row on SQLite.
    """
    _bulk_insert(Ticket.__table__, [story.row for story in stories])
    numbers = [story.row["number"] for story in stories]
    stmt = select(Ticket.number, Ticket.id).where(Ticket.number.in_(numbers))
    id_by_number = dict(db.session.execute(stmt).all())
    ids = [id_by_number[number] for number in numbers]
    events, comments, links = [], [], []
    for ticket_id, story in zip(ids, stories, strict=True):
        for row in story.events + story.comments:
            row["ticket_id"] = ticket_id
        events += story.events
        comments += story.comments
        links += [
            {"source_id": ticket_id, "target_id": ids[link.pop("target")], **link}
            for link in story.links
        ]
    for model, rows in ((TicketEvent, events), (Comment, comments), (TicketLink, links)):
        if rows:
            _bulk_insert(model.__table__, rows)
    return {"tickets": len(ids), "events": len(events), "comments": len(comments), "links": len(links)}  # fmt: skip


def seed_demo() -> dict[str, int]:
    """Fill an empty database with the demo office and two years of its handoff defects."""
    if db.session.scalar(select(func.count()).select_from(Ticket)):
        raise DemoDataExists("The database already has tickets; seed-demo only fills an empty one.")
    org = ensure_demo_organisation()
    rng = random.Random(RANDOM_SEED)
    now = utcnow()
    created = sorted(_created_dt(rng, now) for _ in range(DEMO_TICKETS))
    statuses = [_status_for(rng, dt, now) for dt in created]
    missing = [status for status in SHORTEST_PATHS if status not in statuses]
    for index, status in zip(range(len(created) - 1, 0, -5), missing, strict=False):
        statuses[index] = status  # every status shows up, on a recent ticket
    stories: list[Story] = []
    originals: dict[int, list[tuple[int, str]]] = defaultdict(list)  # by handoff
    for number, dt, status in zip(_allocate_numbers(created), created, statuses, strict=True):
        story = Story(_draft(rng, org, dt, number), org, rng)
        earlier = originals[story.row["handoff_id"]]
        story.target = rng.choice(earlier[-12:]) if earlier else None
        _play_demo(story, status, now)
        if story.row["status"] not in (Status.DUPLICATE, Status.REJECTED):
            earlier.append((len(stories), number))
        stories.append(story)
    counts = _write(stories)
    db.session.commit()
    organisation = {
        "functions": len(data.FUNCTIONS),
        "users": len(org.users),
        "handoffs": len(org.flows),
    }
    return organisation | counts


def _play_demo(story: Story, status: Status, now: datetime) -> None:
    """The full story: detours, an occasional related ticket, and comments along the way."""
    if status == Status.DUPLICATE and story.target is None:
        status = Status.REJECTED
    steps = _plan(status, story.rng)
    if story.target and status != Status.DUPLICATE and story.rng.random() < 0.06:
        steps.insert(0, "link")
    story.play(steps, now - timedelta(minutes=5))
    last = story.row["last_activity_dt"]
    until = min(now, last + timedelta(days=20)) if status.is_open else last
    story.add_comments(story.rng.choices((0, 1, 2, 3), (40, 30, 20, 10))[0], until)


def seed_bench(tickets: int) -> dict[str, int]:
    """Add `tickets` plausible tickets fast, to measure the pages at realistic sizes.

    Reuses (or creates) the demo organisation; repeated calls add more tickets and
    continue the numbering. Only status events are written, and no comments.
    """
    org = ensure_demo_organisation()
    existing = db.session.scalar(select(func.count()).select_from(Ticket)) or 0
    rng = random.Random(f"{RANDOM_SEED}-{existing}")  # new rows on each call, yet reproducible
    now = utcnow()
    created = sorted(_created_dt(rng, now) for _ in range(tickets))
    numbers = _allocate_numbers(created)
    totals = {"tickets": 0, "events": 0}
    for start in range(0, tickets, BENCH_BATCH_SIZE):
        stories = []
        for index in range(start, min(start + BENCH_BATCH_SIZE, tickets)):
            story = Story(
                _draft(rng, org, created[index], numbers[index]), org, rng, detailed=False
            )
            story.play(SHORTEST_PATHS[_status_for(rng, created[index], now)], now)
            stories.append(story)
        counts = _write(stories)
        totals = {key: totals[key] + counts[key] for key in totals}
    db.session.commit()
    return totals
