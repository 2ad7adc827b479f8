"""The demo office: functions, users, the handoffs between functions, and the pick-lists.

`ensure_pick_lists` is what every install needs; `ensure_demo_organisation` adds
the demo office on top and returns it as plain values for the ticket generators.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from sqlalchemy import select

from backoffice.auth.models import Role, User
from backoffice.auth.passwords import hash_password
from backoffice.demo import texts
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.org.models import Function, Handoff
from backoffice.tickets.models import PickListItem, PickListKind, Severity
from backoffice.tickets.rules import default_due_date

DEMO_PASSWORD = "demo-password"
HISTORY_DAYS = 730  # how far back the demo tickets go; the office is a month older


def ensure_pick_lists() -> None:
    """Create the default categories and root causes that are missing, and give the default
    ones whose German or Dutch label is empty their label; edited labels stay as they are."""
    existing = {(item.kind, item.code): item for item in db.session.scalars(select(PickListItem))}
    for kind, items in texts.DEFAULT_PICK_LISTS.items():
        for position, (code, label_en, label_de, label_nl) in enumerate(items, start=1):
            labels = {"label_en": label_en, "label_de": label_de, "label_nl": label_nl}
            item = existing.get((kind, code))
            if item is None:
                db.session.add(PickListItem(kind=kind, code=code, position=position * 10, **labels))
                continue
            for name in ("label_de", "label_nl"):
                if not getattr(item, name) and item.label_en == label_en:
                    setattr(item, name, labels[name])
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
    for name, description in texts.FUNCTIONS:
        if name not in functions:
            functions[name] = Function(name=name, description=description, **stamps)
            db.session.add(functions[name])
    db.session.flush()
    users = {u.email: u for u in db.session.scalars(select(User))}
    password_hash = None  # argon2 is slow on purpose: hash once for all demo users
    for email, name, role, function, locale in texts.USERS:
        if email not in users:
            password_hash = password_hash or hash_password(DEMO_PASSWORD)
            function_id = functions[function].id if function else None
            users[email] = User(email=email, name=name, role=role, function_id=function_id,
                                locale=locale, password_hash=password_hash, **stamps)  # fmt: skip
            db.session.add(users[email])
    db.session.flush()
    for name, email in texts.LEADS.items():
        functions[name].lead_id = functions[name].lead_id or users[email].id
    handoffs = {
        (h.from_function_id, h.to_function_id, h.name): h
        for h in db.session.scalars(select(Handoff))
    }
    pairs = []
    for spec in texts.HANDOFFS:
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
             [(categories[code], *rest) for code, *rest in spec["defects"]])
        for handoff, spec in pairs
    ]  # fmt: skip
    return Organisation(
        users=people,
        owners=[people[u.email] for u in users if u.role == Role.OWNER and u.function_id],
        reporters=reporters,
        flows=flows,
        root_causes={i.code: i for i in items if i.kind == PickListKind.ROOT_CAUSE},
    )
