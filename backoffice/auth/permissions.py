"""Role checks for views: a forbidden action is 403, never a silent redirect."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from backoffice.auth.models import Role


def role_required(role: Role) -> Callable:
    """Require a signed-in user whose role is at least `role`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
