"""The main pages over HTTP: gunicorn on a loopback port, a real client signed in.

    .venv/bin/python -m bench.http_pages --database-url postgresql+psycopg://...  [--requests 100]

The in-process figures (bench/run.py) leave out what a browser also waits for:
gunicorn reading the request and writing the response, the socket, the cookie. Here
the app runs as deployed (bench/server.py: `gunicorn -c gunicorn.conf.py wsgi:app`,
two sync workers, as in the side-by-side with the peer) on a database that
already holds the demo office and the bulk tickets, and one client signed in as
the coordinator asks for each page in turn: the pages are interleaved, so noise
on a shared machine falls on all of them alike. Every answer must be 200.

`make bench` runs this at the largest size after the in-process scenarios
(`bench.run --only http` runs only this); the rows are named `http_*`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import requests
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url

from bench.measure import ScenarioFailed, percentile_95
from bench.server import serve

USER = ("coordinator@example.com", "demo-password")
WORKERS = 2  # what the side-by-side with django-helpdesk uses on both sides
TICKET_SAMPLE = 300  # distinct tickets the ticket page scenario opens, drawn at random


def sign_in(base_url: str) -> requests.Session:
    """Sign in through the login form, as a browser does (CSRF token and cookie)."""
    session = requests.Session()
    form = session.get(f"{base_url}/login", timeout=30)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.text)
    answer = session.post(
        f"{base_url}/login",
        data={"email": USER[0], "password": USER[1], "csrf_token": token.group(1) if token else ""},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code not in (302, 303):
        raise ScenarioFailed(f"login answered HTTP {answer.status_code}")
    return session


def page_urls(database_url: str, rng: random.Random) -> dict[str, Callable[[int], str]]:
    """Each scenario's URL for request i. The filtered list is the peer comparison's:
    one handoff and a status; the ticket page opens a different random ticket each time."""
    from backoffice.org.models import Handoff
    from backoffice.tickets.models import Ticket

    engine = create_engine(database_url)
    with engine.connect() as conn:
        handoff = conn.scalar(select(Handoff.id).order_by(Handoff.id).limit(1))
        numbers = list(conn.scalars(select(Ticket.number)))
    engine.dispose()
    sample = rng.sample(numbers, min(TICKET_SAMPLE, len(numbers)))
    return {
        "http_ticket_list": lambda _i: "/tickets/",
        "http_ticket_list_filtered": lambda _i: f"/tickets/?handoff={handoff}&status=in_progress",
        "http_ticket_detail": lambda i: f"/tickets/{sample[i % len(sample)]}",
        "http_my_work": lambda _i: "/",
    }


def _get(session: requests.Session, url: str) -> float:
    """Milliseconds until the whole body is read; the page must answer 200 itself."""
    start = time.perf_counter()
    response = session.get(url, allow_redirects=False, timeout=120)
    _body = response.content
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise ScenarioFailed(f"HTTP {response.status_code} for {url}")
    return elapsed


def measure_http(
    database_url: str, tickets: int, requests_each: int = 100, warmup: int = 5, seed: int = 1234
) -> list[dict[str, Any]]:
    """Serve the database with gunicorn and time each page `requests_each` times, interleaved."""
    urls = page_urls(database_url, random.Random(seed))
    timings: dict[str, list[float]] = {name: [] for name in urls}
    with serve(database_url, workers=WORKERS) as base_url:
        session = sign_in(base_url)
        for i in range(warmup + requests_each):
            for name, url in urls.items():
                elapsed = _get(session, base_url + url(i))
                if i >= warmup:
                    timings[name].append(elapsed)
    return [
        {
            "name": name,
            "tickets": tickets,
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile_95(values), 1),
            "requests": len(values),
            "workers": WORKERS,
        }
        for name, values in timings.items()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="seeded already (bench.run)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page")
    args = parser.parse_args(argv)
    engine = create_engine(args.database_url)
    with engine.connect() as conn:
        tickets = conn.exec_driver_sql("SELECT count(*) FROM tickets").scalar_one()
    engine.dispose()
    rows = measure_http(args.database_url, tickets, args.requests)
    print(json.dumps({"database": make_url(args.database_url).get_backend_name(), "rows": rows},
                     indent=2))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
