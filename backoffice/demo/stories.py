"""A demo ticket invented and its life played, as the workflow would have recorded it.

`draft_ticket` invents a report on one of the office's handoffs; a `Story` then
walks it through the workflow step by step, setting fields and recording events.
Nothing here writes to the database: `bulk.py` does, for many stories at once.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import accumulate

from backoffice.demo import texts
from backoffice.demo.organisation import HISTORY_DAYS, Organisation, Person
from backoffice.i18n import org_day
from backoffice.tickets.models import EventKind, LinkKind, Severity, Status

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")  # fmt: skip
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


@dataclass
class Draft:
    """A ticket as reported, plus what its later story needs (texts, intended owner)."""

    row: dict
    resolutions: list[tuple[str, str, str, str]]
    context: dict
    owner: Person
    reporter: Person


def random_created_dt(rng: random.Random, now: datetime) -> datetime:
    """A moment in the last two years, more often recent: the tracker is used more over time."""
    return now - timedelta(days=HISTORY_DAYS * rng.random() ** 1.25 + 0.01)


def random_status(rng: random.Random, created: datetime, now: datetime) -> Status:
    age = (now - created).days
    statuses, weights = next((s, w) for limit, s, w in STATUS_CHOICES if age < limit)
    return rng.choices(statuses, cum_weights=weights)[0]


def _amount(rng: random.Random, low: float, high: float) -> Decimal:
    """Small amounts are common, large ones rare (log-uniform)."""
    return Decimal(math.exp(rng.uniform(math.log(low), math.log(high)))).quantize(CENT)


def draft_ticket(rng: random.Random, org: Organisation, created: datetime, number: str) -> Draft:
    """Invent a report: handoff, texts, references, amounts and who reported it."""
    flow = rng.choices(org.flows, cum_weights=org.flow_weights)[0]
    spec = flow.spec
    category_id, title, description, resolutions = rng.choice(flow.defects)
    period = created.replace(day=1) - timedelta(days=1) if rng.random() < 0.7 else created
    customer_no, customer = rng.choice(texts.CUSTOMERS)
    low, high = spec["records"]
    records = low + int((high - low) * rng.random() ** 3)
    low, high, known = spec["impact"]
    amount = _amount(rng, low, high) if rng.random() < known else None
    week = period.isocalendar()[1]
    ref = rng.choice(spec["refs"]).format(
        year=period.year, month=period.month, week=week, seq=rng.randint(1, 2999), cust=customer_no
    )
    context = {
        "customer": customer, "employee": rng.choice(texts.EMPLOYEES), "project": rng.choice(texts.PROJECTS),
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
            body = self.rng.choice(texts.COMMENTS)
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
            due = self.org.due_date(self.row["severity"], org_day(at))
            if self.rng.random() < 0.4:  # agreed with the owner: after the next monthly run
                due += timedelta(days=self.rng.randint(7, 30))
            self._set(actor, at, "due_date", "due_date", due, due.isoformat())
        self._status(actor, at, Status.ASSIGNED, note)

    def reassign(self, at: datetime) -> None:
        others = [user for user in self.org.owners if user.id != self.row["owner_id"]]
        self.assign(at, self.rng.choice(others), self.rng.choice(texts.REASSIGN_NOTES))

    def start(self, at: datetime) -> None:
        self._status(self._owner(), at, Status.IN_PROGRESS)

    def dispute(self, at: datetime) -> None:
        reason = self.rng.choice(texts.DISPUTE_REASONS)
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
        reason = self.rng.choice(texts.REOPEN_REASONS)
        self.row.update(status_reason=reason, resolved_dt=None, closed_dt=None)
        self._status(self.draft.reporter, at, Status.IN_PROGRESS, reason)

    def close(self, at: datetime) -> None:
        by_reporter = self.rng.random() < 0.8
        actor = self.draft.reporter if by_reporter else self.org.coordinator(self.rng)
        remark = ""
        if by_reporter and self.rng.random() < 0.7:
            rating = self.rng.choices((5, 4, 3, 2, 1), (35, 35, 15, 10, 5))[0]
            remark = self.rng.choice(texts.RATING_REMARKS[rating])
            self._set(actor, at, "rating", "rating", rating, str(rating))
            self._set(actor, at, "rating_remark", "rating_remark", remark, remark)
        self.row["closed_dt"] = at
        self._status(actor, at, Status.CLOSED, remark)

    def reject(self, at: datetime) -> None:
        reason = self.rng.choice(texts.REJECT_REASONS)
        self.row.update(status_reason=reason, closed_dt=at)
        self._status(self.org.coordinator(self.rng), at, Status.REJECTED, reason)

    def duplicate(self, at: datetime) -> None:
        actor, reason = self.org.coordinator(self.rng), self.rng.choice(texts.DUPLICATE_REASONS)
        self.row.update(status_reason=reason, closed_dt=at)
        if self.target:
            self._link(actor, at, LinkKind.DUPLICATE_OF)
        self._status(actor, at, Status.DUPLICATE, reason)

    def link(self, at: datetime) -> None:
        self._link(self.draft.reporter, at, LinkKind.RELATED_TO)


def play_demo(story: Story, status: Status, now: datetime) -> None:
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
