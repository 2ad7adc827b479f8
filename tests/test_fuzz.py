"""Bad input never reaches a 500: every GET route and every form field, fed odd values.

The routes come from `app.url_map`, the query parameters from the source (every
`request.args.get("…")`, `args.getlist("…")` and `id_arg("…")` under `backoffice/`), the
forms and their fields from the pages as each role sees them; the odd values from
`tests/fuzz_values.py`. So a new route, parameter or field is fuzzed without editing
this file. Each request is made as one of the roles in turn (and anonymously), on the
one office with tickets in several states, a service agreement, a calendar and a planned
review, so real ids exist next to the odd ones.

Sampling is deterministic: every route, parameter and field meets every category of odd
value at least once, and the roles take turns, so the run stays under a minute.
"""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import time
from html.parser import HTMLParser
from itertools import count, cycle
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from backoffice.agreements.catalogue import (
    AgreementData,
    CalendarData,
    ServiceData,
    save_agreement,
    save_calendar,
    save_service,
)
from backoffice.agreements.models import TargetUnit
from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.meetings.models import QuarterlyReview
from backoffice.meetings.schedule import ensure_reviews
from backoffice.org.models import Function, Handoff
from backoffice.tickets.models import PickListItem, Status
from backoffice.tickets.saved_views import publish_view, save_view
from tests.factories import make_ticket
from tests.fuzz_values import odd_values, sample
from tests.helpers import login
from tests.office import Office

SOURCE = Path(__file__).resolve().parent.parent / "backoffice"
ROLES = ("clerk", "owner", "coordinator", "admin", None)  # None: not signed in
PATH_ARG = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
# WeasyPrint takes seconds a page: the PDFs read their query (`?snapshot=`) with the same
# code as the print view, which meets every category; the PDFs meet these.
EXPENSIVE = (".pdf",)
EXPENSIVE_CATEGORIES = {"huge int", "not a number", "control characters"}
NON_UTF8 = [b"%ff%fe", b"%c3%28", b"%ed%a0%80"]  # invalid, truncated, a UTF-8 surrogate
# Forms that would end the session the fuzzing runs in; their fields are posted last.
SESSION_ENDING = ("auth.logout",)


def query_parameter_names() -> set[str]:
    """Every query parameter name the app reads, found in the source."""
    names = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id == "id_arg":
                names.add(first.value)
            elif isinstance(func, ast.Attribute) and func.attr in {"get", "getlist"}:
                owner = ast.unparse(func.value)
                if owner in {"args", "request.args"}:
                    names.add(first.value)
    return names


# --- the world the fuzzing runs in ------------------------------------------------------


@dataclass
class World:
    emails: dict[str, str]
    path_values: dict[str, str]  # URL argument name → a real value
    get_urls: list[str] = field(default_factory=list)


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def build_world(office: Office) -> World:
    """Tickets in several states, a service with its agreement and calendar, a review."""
    clerk, owner = _user(office.clerk), _user(office.owner)
    coordinator = _user(office.coordinator)
    handoff = db.session.get(Handoff, office.handoff_id)
    category = db.session.get(PickListItem, office.category_id)
    root_cause = db.session.get(PickListItem, office.root_cause_id)
    function = db.session.get(Function, office.time_registration_id)
    save_calendar(
        function, CalendarData("Europe/Berlin", [0, 1, 2, 3, 4], time(8), time(17)), coordinator
    )
    service = save_service(
        None,
        ServiceData(office.time_registration_id, "Hour questions", "", [office.handoff_id]),
        coordinator,
    )
    agreement = save_agreement(
        service,
        None,
        AgreementData(None, None, 4, TargetUnit.HOURS, 3, TargetUnit.DAYS),
        coordinator,
    )
    numbers = [
        make_ticket(
            reporter=clerk,
            handoff=handoff,
            category=category,
            status=status,
            owner=owner,
            coordinator=coordinator,
            root_cause=root_cause,
        ).number
        for status in (Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED)
    ]
    ensure_reviews()
    view = publish_view(save_view(coordinator, "Open tickets", "open=1"), coordinator, True)
    quarter = db.session.scalars(select(QuarterlyReview.quarter)).first()
    emails = {
        "clerk": office.clerk,
        "owner": office.owner,
        "coordinator": office.coordinator,
        "admin": office.admin,
    }
    values = {
        "user_id": str(office.owner_id),
        "function_id": str(office.time_registration_id),
        "handoff_id": str(office.handoff_id),
        "item_id": str(office.category_id),
        "kind": "category",
        "number": numbers[0],
        "action": "assign",
        "quarter": quarter,
        "service_id": str(service.id),
        "agreement_id": str(agreement.id),
        "attachment_id": "1",
        "message_id": "1",
        "action_id": "1",
        "view_id": str(view.id),
    }
    world = World(emails, values)
    world.get_urls = [u for n in numbers for u in (f"/tickets/{n}", f"/tickets/{n}/edit")]
    return world


@pytest.fixture
def world(app: Flask, office: Office) -> World:
    with app.app_context():
        return build_world(office)


class Clients:
    """One signed-in test client per role, made on first use; roles take turns."""

    def __init__(self, app: Flask, world: World) -> None:
        self.app, self.world = app, world
        self._clients: dict[str | None, FlaskClient] = {}
        self._turn = cycle(ROLES)

    def of(self, role: str | None) -> FlaskClient:
        if role not in self._clients:
            client = self.app.test_client()
            if role is not None:
                login(client, self.world.emails[role])
            self._clients[role] = client
        return self._clients[role]

    def next(self) -> tuple[str | None, FlaskClient]:
        role = next(self._turn)
        return role, self.of(role)

    def forget(self, role: str | None) -> None:
        self._clients.pop(role, None)


class Failures:
    """Every 500 and every logged error, with the request that caused it."""

    def __init__(self, app: Flask) -> None:
        self.found: list[str] = []
        self.logged: list[logging.LogRecord] = []
        handler = logging.Handler(logging.ERROR)
        handler.emit = self.logged.append  # type: ignore[method-assign]
        self._handler, self._logger = handler, app.logger

    def __enter__(self) -> Failures:
        self._logger.addHandler(self._handler)
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self._handler)

    def check(self, what: str, status: int) -> None:
        if status >= 500 or self.logged:
            detail = self.logged[0].getMessage() if self.logged else ""
            self.found.append(f"{status} {what[:300]!r} {detail}".strip())
            self.logged.clear()

    def assert_none(self) -> None:
        shown = "\n".join(self.found[:40])
        assert not self.found, f"{len(self.found)} requests failed:\n{shown}"


def get_routes(app: Flask) -> list:
    return [
        r
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and r.endpoint != "static" and not r.rule.startswith("/static")
    ]


def build_path(rule: str, values: dict[str, str], odd: tuple[str, str] | None = None) -> str:
    """The rule with real values, or with the argument `odd[0]` set to `odd[1]`."""

    def one(match: re.Match) -> str:
        name = match.group(2)
        value = odd[1] if odd and odd[0] == name else values[name]
        return quote(value, safe="")

    return PATH_ARG.sub(one, rule)


def _query(names: list[str], category: str, start: int, repeated: bool) -> str:
    pairs = []
    for offset, name in enumerate(names):
        value = sample(category, start + offset)
        pairs += [(name, "1"), (name, value)] if repeated else [(name, value)]
    return urlencode(pairs, quote_via=quote)


def get_requests(app: Flask, world: World) -> Iterator[str]:
    """Per route and category of odd value: each path argument set to a value of the
    category, and every known query parameter set to one (each parameter a different
    value of the category; every other time repeated after a harmless "1")."""
    names = sorted(query_parameter_names())
    for number, rule in enumerate(get_routes(app)):
        real = build_path(rule.rule, world.path_values)
        for index, (category, values) in enumerate(odd_values().items()):
            start = number + index
            for arg in rule.arguments:
                yield build_path(rule.rule, world.path_values, (arg, values[start % len(values)]))
            if not rule.rule.endswith(EXPENSIVE) or category in EXPENSIVE_CATEGORIES:
                yield f"{real}?{_query(names, category, start, repeated=start % 2 == 1)}"
        raw = NON_UTF8[number % len(NON_UTF8)].decode()
        yield f"{real}?" + "&".join(f"{name}={raw}" for name in names)


def test_no_get_route_answers_500(app: Flask, world: World) -> None:
    clients = Clients(app, world)
    with Failures(app) as failures:
        for url in get_requests(app, world):
            role, client = clients.next()
            with client.get(url) as response:  # a streamed body runs (and is closed) too
                response.get_data()
            failures.check(f"GET {url} as {role}", response.status_code)
    failures.assert_none()


def test_the_fuzzed_parameters_come_from_the_source() -> None:
    """The scan finds the parameters the issue named, so a new one would be found too."""
    assert {"function", "snapshot", "quarter", "export", "page", "period"} <= (
        query_parameter_names()
    )


# --- forms ------------------------------------------------------------------------------


@dataclass
class Form:
    page: str
    action: str
    fields: dict[str, str]


class FormReader(HTMLParser):
    """The POST forms of a page: where they go and what a browser would send unchanged."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self._form = page, [], None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(self.page, a.get("action") or self.page, {})
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            return
        fields, name = self._form.fields, a["name"]
        if tag == "input" and a.get("type", "text") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                fields.setdefault(name, "") if a.get("type") == "radio" else None
            else:
                fields[name] = a.get("value", "")
        elif tag == "select":
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select:
            if "selected" in a or not fields[self._select]:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            fields[name] = ""

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_pages(app: Flask, world: World) -> list[str]:
    pages = []
    for rule in get_routes(app):
        if not rule.rule.endswith((".pdf", ".ics", ".css", ".csv")):
            pages.append(build_path(rule.rule, world.path_values))
    return pages + world.get_urls


def forms_by_role(clients: Clients, pages: list[str]) -> dict[tuple[str, frozenset], dict]:
    """(endpoint, field names) → {role: form}: each distinct form (the first place it is
    shown: the same form on another ticket is the same code), as each role who sees it."""
    found: dict[tuple[str, frozenset], dict] = {}
    adapter = clients.app.url_map.bind("localhost")
    for role in ROLES:
        for page in pages:
            response = clients.of(role).get(page)
            if response.status_code != 200 or "html" not in response.mimetype:
                continue
            reader = FormReader(page)
            reader.feed(response.get_data(as_text=True))
            for form in reader.forms:
                endpoint = adapter.match(form.action.split("?")[0], "POST")[0]
                found.setdefault((endpoint, frozenset(form.fields)), {}).setdefault(role, form)
    return found


def fresh_fields(client: FlaskClient, form: Form) -> dict[str, str]:
    """The form's fields as its page shows them now (a current version and token)."""
    reader = FormReader(form.page)
    reader.feed(client.get(form.page).get_data(as_text=True))
    for candidate in reader.forms:
        if candidate.action == form.action and set(candidate.fields) == set(form.fields):
            return dict(candidate.fields)
    return dict(form.fields)


def post_odd_values(clients: Clients, forms: dict, failures: Failures) -> set[str]:
    """Each field of each form set to each odd value, the roles who see it taking turns."""
    posted, turn = set(), count()
    keys = sorted(forms, key=lambda k: (k[0] in SESSION_ENDING, k[0], sorted(k[1])))
    for key in keys:
        roles = cycle(sorted(forms[key], key=lambda r: ROLES.index(r)))
        fields = sorted(key[1] - {"csrf_token"})
        for name in fields or ["csrf_token"]:  # a button (publish, held): pressed once
            for values in odd_values().values() if fields else [[""]]:
                role = next(roles)
                client, form = clients.of(role), forms[key][role]
                data = fresh_fields(client, form) if name == "version" else dict(form.fields)
                if fields:
                    data[name] = values[next(turn) % len(values)]
                response = client.post(form.action, data=data)
                failures.check(
                    f"POST {form.action} {name}={data[name]!r} as {role}", response.status_code
                )
                posted.add(key[0])
                if key[0] in SESSION_ENDING:
                    clients.forget(role)
                elif "version" in data and response.status_code in (302, 303, 409):
                    forms[key][role] = Form(form.page, form.action, fresh_fields(client, form))
    return posted


def test_no_form_field_answers_500_and_every_page_still_works(app: Flask, world: World) -> None:
    clients = Clients(app, world)
    pages = form_pages(app, world)
    with Failures(app) as failures:
        forms = forms_by_role(clients, pages)
        posted = post_odd_values(clients, forms, failures)
        for role in ROLES:
            clients.forget(role)
            for page in pages:
                failures.check(
                    f"GET {page} as {role} after", clients.of(role).get(page).status_code
                )
    failures.assert_none()
    post_routes = {r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods}
    assert post_routes - posted <= UNREACHED_POST_ROUTES, sorted(post_routes - posted)


# POST routes whose form no page of the fuzz world shows (say why).
UNREACHED_POST_ROUTES = {
    "mail.retry",  # the outbox has no failed mail to retry
    "meetings.action_done",  # no action item exists before minutes are taken
    "tickets.upload",  # a file field: fuzzed by the upload tests in test_security_input
}
