"""The JSON API (/api/v1): tokens, tickets, reference data, idempotent creates, OpenAPI."""

from __future__ import annotations

from flask import Flask


def init_api(app: Flask) -> None:
    """Wire the API: its blueprint without CSRF, token pages, the key-expiry job."""
    from backoffice.api.access import NoCookiesForTheApi
    from backoffice.api.blueprint import api_bp, token_bp
    from backoffice.api.idempotency import forget_old_keys
    from backoffice.api.token_views import preferences_panel
    from backoffice.extension_points import preferences_panels
    from backoffice.extensions import csrf
    from backoffice.scheduler import Job, register_job

    app.session_interface = NoCookiesForTheApi()
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(token_bp)
    preferences_panels.add(app, "api_tokens", "api/_tokens_panel.html", preferences_panel)
    register_job(app, Job("forget_idempotency_keys", forget_old_keys, "interval", {"hours": 1}))
