"""`/healthz` and `/readyz`: JSON for load balancers, never cached, never a session."""

from __future__ import annotations

from flask import Response, jsonify

from backoffice.health.checks import readiness


def _uncached(response: Response, status: int) -> tuple[Response, int]:
    response.headers["Cache-Control"] = "no-store"
    return response, status


def healthz():  # noqa: ANN201
    """Alive: the process answers. Touches nothing else, so it stays cheap."""
    return _uncached(jsonify(status="ok"), 200)


def readyz():  # noqa: ANN201
    """Ready: the database answers and its migrations are at head; else 503 and which check failed."""
    checks = readiness()
    ready = all(verdict == "ok" for verdict in checks.values())
    body = jsonify(status="ok" if ready else "unavailable", checks=checks)
    return _uncached(body, 200 if ready else 503)
