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
from collections.abc import Iterator
from itertools import count, cycle
from pathlib import Path
from urllib.parse import quote, urlencode

from flask import Flask
from flask.testing import FlaskClient

from tests.every_page import (
    ROLES,
    Clients,
    Form,
    FormReader,
    World,
    build_path,
    form_pages,
    forms_by_role,
    get_routes,
)
from tests.fuzz_values import odd_values, sample

SOURCE = Path(__file__).resolve().parent.parent / "backoffice"
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
    # The JSON API has no forms: schemathesis fuzzes it from its OpenAPI document
    # (test_api_schema.py).
    "api.add_comment",
    "api.create_ticket",
    "api.create_import",
    "api.take_action",
    "api.upload_attachment",
}
