"""`Idempotency-Key` on creates: a retry gets the first answer, a misuse a 422.

The key's row is added to the session before the create runs, so the create's own
commit saves it: a create that fails leaves no key behind, and two requests racing
with one key cannot both commit (unique per user and key): the loser's create is
rolled back whole and it gets the winner's answer. Keys last `IDEMPOTENCY_HOURS`; a job
deletes older ones, and an expired key is simply used afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import Response, current_app, g, make_response, request
from sqlalchemy import delete, inspect, select
from sqlalchemy.exc import IntegrityError

from backoffice.api.models import IdempotencyKey
from backoffice.errors import Invalid, problem
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.models import utcnow


def _request_hash() -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _replay(row: IdempotencyKey, request_hash: str) -> Response:
    if row.request_hash != request_hash:
        raise Invalid({"Idempotency-Key": _("This key was used with a different request.")})
    if row.status_code is None:  # the first request has not finished (or its answer was lost)
        response = problem(409, _("Still in progress"), _("Retry with this key in a moment."))
        response.headers["Retry-After"] = "1"
        return response
    response = current_app.response_class(row.body, status=row.status_code, mimetype="application/json")  # fmt: skip
    if row.location:
        response.headers["Location"] = row.location
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _live_key(key: str) -> IdempotencyKey | None:
    cutoff = utcnow() - timedelta(hours=current_app.config["IDEMPOTENCY_HOURS"])
    row = db.session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.user_id == g.api_token.user_id, IdempotencyKey.key == key
        )
    )
    if row is not None and row.created_dt < cutoff:
        db.session.delete(row)
        db.session.flush()
        return None
    return row


def idempotent(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run a create at most once per `Idempotency-Key` (without the header: every time)."""

    @wraps(view)
    def run(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        key = request.headers.get("Idempotency-Key", "").strip()[:200]
        if not key:
            return view(*args, **kwargs)
        request_hash = _request_hash()
        if (row := _live_key(key)) is not None:
            return _replay(row, request_hash)
        row = IdempotencyKey(user_id=g.api_token.user_id, key=key, request_hash=request_hash)
        db.session.add(row)  # committed by the create itself
        try:
            response = make_response(view(*args, **kwargs))
        except IntegrityError:
            db.session.rollback()
            if (row := _live_key(key)) is None:
                raise
            return _replay(row, request_hash)
        if (state := inspect(row)).detached:  # a bulk import lets its session's objects go
            row = db.session.get(IdempotencyKey, state.identity[0])  # type: ignore[index]
        if 200 <= response.status_code < 300 and row is not None:
            row.status_code = response.status_code
            row.body = response.get_data(as_text=True)
            row.location = response.headers.get("Location", "")[:300]
            db.session.commit()
        else:
            db.session.rollback()
        return response

    return run


def forget_old_keys() -> int:
    """The scheduler job: delete keys past their lifetime (idempotent, safe twice)."""
    cutoff = utcnow() - timedelta(hours=current_app.config["IDEMPOTENCY_HOURS"])
    deleted = db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_dt < cutoff))
    db.session.commit()
    return deleted.rowcount or 0
