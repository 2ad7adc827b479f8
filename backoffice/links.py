"""Links that leave the app (mails, PDFs, calendar files) are built from APP_BASE_URL.

Never from the request's Host header: behind a load balancer that is an internal
name, and a forged Host header would otherwise end up in mails sent to others. A job
of the scheduler has no request at all, and still needs whole links.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def public_url(endpoint: str, **values: Any) -> str:
    """The whole URL of `endpoint` as people outside reach it (APP_BASE_URL)."""
    base = urlsplit(current_app.config["APP_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
