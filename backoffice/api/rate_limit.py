"""Per-token rate limit: a fixed one-minute window counted in this process's memory.

Why memory and not the database: counting in a table would turn every GET into a
write (and a lock on SQLite); the limit is there to stop a runaway script, not to bill.
The price: each worker process counts on its own, so with N gunicorn workers a token
may make up to N × `API_RATE_LIMIT_PER_MINUTE` requests a minute. Set the limit with that
in mind.
"""

from __future__ import annotations

import threading
import time

from flask import current_app


class WindowCounter:
    """Requests per key in the current window; old windows are forgotten as time moves."""

    def __init__(self, window_s: int = 60) -> None:
        self.window_s = window_s
        self._lock = threading.Lock()
        self._window = 0
        self._counts: dict[str, int] = {}

    def hit(self, key: str, limit: int, now: float | None = None) -> int:
        """Count one request; 0 if allowed, else the seconds until the window ends."""
        now = time.time() if now is None else now
        window = int(now // self.window_s)
        with self._lock:
            if window != self._window:
                self._window, self._counts = window, {}
            count = self._counts.get(key, 0) + 1
            self._counts[key] = count
        if count <= limit:
            return 0
        return max(1, int((window + 1) * self.window_s - now + 0.999))


def counter() -> WindowCounter:
    return current_app.extensions.setdefault("backoffice.api_rate", WindowCounter())


def retry_after(token_key: str) -> int:
    """0 if the token may go on, else the seconds it must wait (its request is refused)."""
    return counter().hit(token_key, current_app.config["API_RATE_LIMIT_PER_MINUTE"])
