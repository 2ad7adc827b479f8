"""Locust users of the back office: they sign in through the form, then read and write.

bench/loadtest.py (`make loadtest`) runs this headless; to watch it in a browser:

    .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:5000

Clerks read lists, tickets and My work and comment; owners and coordinators (and
the admin) also ask the reporter a question and later resume the work, the way
the page does it: open the ticket, take the form's CSRF token and version, post.
Several Locust users share each demo login, so they get in each other's way.

A write refused with 409 (changed meanwhile, or moved on) or 403 (no longer theirs)
is the right answer when someone was faster: it counts as a success, and also as a
conflict. Everything else unexpected is a failure: any 5xx, a lost connection, a
form refused with 400, a redirect to the sign-in page.

Requests are named by route (`/tickets/[number]`) so that the stats group. Settings
from the environment: BENCH_WAIT="min,max" seconds between tasks (default 1,3);
BENCH_TOUR=1 has each user do each of its tasks once, in order, before the random
mix (so a short run tries them all); BENCH_SUMMARY=<path> writes stats, failures,
conflicts and the tasks done there as JSON when Locust quits.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

PASSWORD = "demo-password"
WAIT = tuple(float(s) for s in os.environ.get("BENCH_WAIT", "1,3").split(","))
SEARCH_WORDS = ("invoice", "hours", "rate", "payroll", "mailing", "customer", "duplicate", "VAT")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
POOL_SIZE = 500  # ticket numbers a user remembers
FILTER_PAGES = 10  # how deep a user pages through the filtered list
TOUR = os.environ.get("BENCH_TOUR") == "1"

CONFLICTS: Counter[str] = Counter()  # "POST /tickets/[number]/ask 409" → times
TASKS: Counter[str] = Counter()  # task kind → times done

TICKET_LINK = re.compile(r'<a href="/tickets/([^"/?#]+)" class="ticket-number">')
ROW_STATUS = re.compile(r'class="ticket-number">([^<]+)</a>.*?badge--status-([a-z_]+)', re.S)
HANDOFF_SELECT = re.compile(r'name="handoff">(.*?)</select>', re.S)
OPTION_ID = re.compile(r'<option value="(\d+)"')
PAGES = re.compile(r"Page [\d,.\u00a0]+ of ([\d,.\u00a0]+)")
WORKABLE = {"assigned", "in_progress"}


class _HiddenFields(HTMLParser):
    """The hidden inputs of every form on a page, by the form's action ("" when none)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self._action: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "form":
            self._action = attr.get("action") or ""
            self.forms.setdefault(self._action, {})
        elif self._action is not None and tag == "input" and attr.get("type") == "hidden":
            self.forms[self._action][attr.get("name") or ""] = attr.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._action = None


def hidden_fields(html: str) -> dict[str, dict[str, str]]:
    parser = _HiddenFields()
    parser.feed(html)
    return parser.forms


def _unexpected(response: Any) -> str:  # noqa: ANN401 (a locust response)
    """A failure message that groups well: no ports, ids or addresses in it."""
    if not response.status_code:
        return f"connection: {type(response.error).__name__}"
    if response.is_redirect:
        target = urlsplit(response.headers.get("Location", "")).path
        return f"HTTP {response.status_code} to {'/login' if target == '/login' else 'elsewhere'}"
    return f"HTTP {response.status_code}"


def _remember(pool: list[str], numbers: list[str]) -> None:
    for number in numbers:
        if number not in pool:
            pool.append(number)
    del pool[:-POOL_SIZE]


class OfficeUser(HttpUser):
    abstract = True
    email = ""
    wait_time = between(*WAIT)
    # Coordinators (and the admin) may ask about any ticket in work they see in a list;
    # owners take theirs from My work ("Assigned to me").
    works_from_lists = False
    tour = ("my_work", "ticket_list", "filtered_list", "search", "handoff_list", "ticket_page",
            "comment")  # fmt: skip

    def on_start(self) -> None:
        self.numbers: list[str] = []  # tickets seen on any page
        self.mine: list[str] = []  # on My work: reported, assigned or to triage
        self.workable: list[str] = []  # assigned or in progress: candidates for a question
        self.waiting: list[str] = []  # asked by this user, to be resumed later
        self.handoffs: list[str] = []
        self.filter_pages = 1
        self.signed_in = self.sign_in()
        for name in self.tour if TOUR else ():
            getattr(self, name)()

    # --- requests -----------------------------------------------------------------

    def _get(self, url: str, name: str) -> str | None:
        """The page's HTML if it answered 200; anything else is a failure."""
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(_unexpected(r))
                return None
            return r.text

    def _post(self, url: str, name: str, data: dict[str, str], refusable: bool = True) -> str:
        """'done' (302 to the page), 'conflict' (403/409 where `refusable`) or 'failed'."""
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code == 302 and urlsplit(r.headers.get("Location", "")).path != "/login":
                return "done"
            if refusable and r.status_code in (403, 409):
                CONFLICTS[f"POST {name} {r.status_code}"] += 1
                r.success()
                return "conflict"
            r.failure(_unexpected(r))
            return "failed"

    def sign_in(self) -> bool:
        html = self._get("/login", "/login")
        if html is None:
            return False
        form = hidden_fields(html).get("", {})
        data = {"csrf_token": form.get("csrf_token", ""), "email": self.email, "password": PASSWORD}
        if self._post("/login", "/login", data, refusable=False) != "done":
            return False
        self._my_work()  # where the sign-in leads
        return True

    def _think(self) -> None:
        """Reading the page and typing before the form is sent."""
        time.sleep(random.uniform(*WAIT) / 2)

    def _list(self, url: str, name: str, kind: str) -> str | None:
        html = self._get(url, name)
        if html is None:
            return None
        TASKS[kind] += 1
        rows = ROW_STATUS.findall(html)
        _remember(self.numbers, [number for number, _status in rows])
        if self.works_from_lists:
            _remember(self.workable, [number for number, status in rows if status in WORKABLE])
        if not self.handoffs and (select := HANDOFF_SELECT.search(html)):
            self.handoffs = OPTION_ID.findall(select.group(1))
        return html

    def _ticket(self, number: str) -> str | None:
        html = self._get(f"/tickets/{number}", "/tickets/[number]")
        if html is not None:
            TASKS["ticket page"] += 1
        return html

    def _signed_in(self) -> bool:
        """Signed in, or signed in again now; False skips the task (the failure is counted)."""
        if not self.signed_in:
            self.signed_in = self.sign_in()
        return self.signed_in

    # --- reading ------------------------------------------------------------------

    @task(4)
    def ticket_list(self) -> None:
        if self._signed_in():
            self._list("/tickets/", "/tickets/", "list")

    @task(2)
    def filtered_list(self) -> None:
        if not self._signed_in():
            return
        page = random.randint(1, self.filter_pages)
        url = f"/tickets/?status=in_progress&severity=high&page={page}"
        html = self._list(url, "/tickets/?status=in_progress&severity=high", "filter")
        if html and (pages := PAGES.search(html)):
            self.filter_pages = min(int(re.sub(r"\D", "", pages.group(1))), FILTER_PAGES)

    @task(1)
    def search(self) -> None:
        if self._signed_in():
            word = random.choice(SEARCH_WORDS)
            self._list(f"/tickets/?q={word}", "/tickets/?q=[text]", "search")

    @task(1)
    def handoff_list(self) -> None:
        if not self.handoffs:
            self.ticket_list()
        elif self._signed_in():
            handoff = random.choice(self.handoffs)
            self._list(f"/tickets/?handoff={handoff}", "/tickets/?handoff=[id]", "handoff filter")

    @task(4)
    def ticket_page(self) -> None:
        if not self.numbers:
            self.ticket_list()
        elif self._signed_in():
            self._ticket(random.choice(self.numbers))

    @task(2)
    def my_work(self) -> None:
        if self._signed_in():
            self._my_work()

    def _my_work(self) -> None:
        html = self._get("/", "/")
        if html is None:
            return
        TASKS["my work"] += 1
        for section in html.split("work-section--")[1:]:
            numbers = TICKET_LINK.findall(section)
            _remember(self.numbers, numbers)
            _remember(self.mine, numbers)
            if section.startswith("assigned"):
                _remember(self.workable, numbers)

    # --- writing ------------------------------------------------------------------

    @task(1)
    def comment(self) -> None:
        """Mostly on a ticket of one's own, where the others are at work too."""
        if not self.numbers:
            self.ticket_list()
            return
        number = random.choice(self.mine if self.mine and random.random() < 0.7 else self.numbers)
        html = self._ticket(number) if self._signed_in() else None
        form = hidden_fields(html).get(f"/tickets/{number}/comments") if html else None
        if form is None:
            return
        self._think()
        data = {**form, "body": f"Load test comment by {self.email}."}
        name = "/tickets/[number]/comments"
        if self._post(f"/tickets/{number}/comments", name, data, refusable=False) == "done":
            TASKS["comment"] += 1


class Clerk(OfficeUser):
    weight = 4
    email = "clerk@example.com"


class WorkerUser(OfficeUser):
    """Someone who moves tickets: asks the reporter a question, and resumes work later."""

    abstract = True
    tour = (*OfficeUser.tour, "ask", "resume")

    @task(1)
    def ask(self) -> None:
        if not self._signed_in():
            return
        for _attempt in range(3):
            if not self.workable:  # look for work instead
                if self.works_from_lists:
                    self.filtered_list()
                else:
                    self.my_work()
                return
            number = random.choice(self.workable)
            html = self._ticket(number)
            form = hidden_fields(html).get(f"/tickets/{number}/ask") if html else None
            if form is None:  # moved on since the list was read, or not this user's
                self.workable.remove(number)
                continue
            self._think()
            data = {**form, "question": "Which invoice run does this concern?"}
            result = self._post(f"/tickets/{number}/ask", "/tickets/[number]/ask", data)
            self.workable.remove(number)
            if result == "done":
                TASKS["ask"] += 1
                self.waiting.append(number)
            return

    @task(1)
    def resume(self) -> None:
        if not self.waiting:
            self.ask()
            return
        if not self._signed_in():
            return
        number = self.waiting.pop(0)
        html = self._ticket(number)
        form = hidden_fields(html).get(f"/tickets/{number}/resume") if html else None
        if form is None:  # resumed already, by someone sharing this login
            return
        self._think()
        result = self._post(f"/tickets/{number}/resume", "/tickets/[number]/resume", form)
        if result == "done":
            TASKS["resume"] += 1


class Owner(WorkerUser):
    """Owns the root causes of one function's handoffs; finds them on My work."""

    weight = 2
    email = "owner@example.com"


class Coordinator(WorkerUser):
    weight = 2
    email = "coordinator@example.com"
    works_from_lists = True


class Admin(WorkerUser):
    weight = 1
    email = "admin@example.com"
    works_from_lists = True


# --- guard and summary ------------------------------------------------------------


@events.test_start.add_listener
def _only_loopback(environment: Any, **_kwargs: Any) -> None:  # noqa: ANN401
    host = urlsplit(environment.host or "").hostname
    if host not in LOOPBACK:
        environment.runner.quit()
        raise SystemExit(f"The load test runs against this machine only, not {host!r}.")


def _stats_row(entry: Any) -> dict[str, Any]:  # noqa: ANN401 (a locust StatsEntry)
    return {
        "name": entry.name,
        "method": entry.method,
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "p50_ms": entry.get_response_time_percentile(0.50),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "p99_ms": entry.get_response_time_percentile(0.99),
        "avg_ms": round(entry.avg_response_time, 1),
        "max_ms": round(entry.max_response_time or 0),
    }


@events.quitting.add_listener
def _write_summary(environment: Any, **_kwargs: Any) -> None:  # noqa: ANN401
    path = os.environ.get("BENCH_SUMMARY")
    if not path:
        return
    stats = environment.stats
    entries = sorted(stats.entries.values(), key=lambda e: (e.name, e.method))
    summary = {
        "seconds": round((stats.total.last_request_timestamp or 0) - stats.total.start_time, 1),
        "total": _stats_row(stats.total),
        "requests": [_stats_row(entry) for entry in entries],
        "failures": [
            {
                "method": error.method,
                "name": error.name,
                "error": error.to_name().removeprefix(f"{error.method} {error.name}: "),
                "occurrences": error.occurrences,
            }
            for error in stats.errors.values()
        ],
        "conflicts": dict(sorted(CONFLICTS.items())),
        "tasks": dict(sorted(TASKS.items())),
    }
    Path(path).write_text(json.dumps(summary, indent=2) + "\n")
