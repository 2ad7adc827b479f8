"""Backoffice handoff tracker: the application factory."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import CONFIGS

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error handlers, commands."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
    )
    env = "testing" if test_config and test_config.get("TESTING") else None
    app.config.from_object(CONFIGS[env or os.environ.get("APP_ENV", "development")])
    if test_config:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _load_or_create_secret_key(Path(app.instance_path))
    if hops := app.config["PROXY_FIX_HOPS"]:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    register_shellcontext(app)
    return app


def _load_or_create_secret_key(instance: Path) -> str:
    """Keep one generated key in instance/, so a restart does not sign everybody out.

    Workers start at the same moment: the first creates the file exclusively (O_EXCL)
    and the others read what it wrote, so every worker of a host signs with one key.
    Several hosts need one SECRET_KEY set in their environment.
    """
    key_file = instance / "secret_key"
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _attempt in range(50):  # another worker may be writing it right now
            key = key_file.read_text().strip()
            if key:
                return key
            time.sleep(0.05)
        raise RuntimeError(f"{key_file} is empty; delete it or set SECRET_KEY") from None
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def import_models() -> None:
    """Import every model module, so the metadata (and Alembic) knows all tables."""
    import backoffice.agreements.models  # noqa: F401
    import backoffice.api.models  # noqa: F401
    import backoffice.assessments.models  # noqa: F401
    import backoffice.audit  # noqa: F401
    import backoffice.auth.models  # noqa: F401
    import backoffice.effectiveness.models  # noqa: F401
    import backoffice.imports.models  # noqa: F401
    import backoffice.mail.models  # noqa: F401
    import backoffice.meetings.models  # noqa: F401
    import backoffice.org.models  # noqa: F401
    import backoffice.surveys.models  # noqa: F401
    import backoffice.tickets.models  # noqa: F401
    import backoffice.tickets.saved_views  # noqa: F401
    import backoffice.webhooks.models  # noqa: F401


def register_extensions(app: Flask) -> None:
    from backoffice.auth.session import init_login
    from backoffice.extensions import babel, csrf, db, migrate
    from backoffice.i18n import select_locale, select_timezone

    import_models()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    init_login(app)


def register_blueprints(app: Flask) -> None:
    from backoffice.agreements import init_agreements
    from backoffice.api import init_api
    from backoffice.assessments import init_assessments
    from backoffice.auth.blueprint import admin_users_bp, auth_bp
    from backoffice.effectiveness import init_effectiveness
    from backoffice.health.blueprint import health_bp
    from backoffice.imports import init_imports
    from backoffice.mail.blueprint import mail_bp
    from backoffice.meetings import init_meetings
    from backoffice.my_work.blueprint import my_work_bp
    from backoffice.org.blueprint import org_bp
    from backoffice.request_values import init_request_values
    from backoffice.surveys import init_surveys
    from backoffice.tickets.blueprint import picklists_bp, tickets_bp
    from backoffice.webhooks import init_webhooks

    init_request_values(app)  # first: a route binds its converters when it is registered
    blueprints = (auth_bp, admin_users_bp, org_bp, picklists_bp, tickets_bp, my_work_bp, mail_bp)
    app.register_blueprint(health_bp)  # first: a load balancer's probe matches before anything else
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    init_meetings(app)
    init_agreements(app)
    init_effectiveness(app)
    init_surveys(app)
    init_assessments(app)
    init_api(app)
    init_webhooks(app)
    init_imports(app)


def register_errorhandlers(app: Flask) -> None:
    from backoffice.errors import init_errors
    from backoffice.security import init_security_headers

    init_errors(app)
    init_security_headers(app)


def register_template_helpers(app: Flask) -> None:
    from backoffice.templating import init_templating

    init_templating(app)


def register_commands(app: Flask) -> None:
    from backoffice.cli import init_commands

    init_commands(app)


def register_shellcontext(app: Flask) -> None:
    from backoffice.extensions import db

    app.shell_context_processor(lambda: {"db": db})
