"""TEMPORARY (delete at merge): recompute deadlines on the ticket signals.

The agreements feature connects its own receivers in its package; until that branch
is merged, this keeps the deadlines (and their tests) working on this branch. It calls
the same functions, at the same points and in the same order, as the ticket core did.
"""

from __future__ import annotations

from typing import Any

from backoffice.agreements import deadlines
from backoffice.signals import ticket_commented, ticket_edited, ticket_moved, ticket_reported


@ticket_reported.connect
def _reported(ticket: Any, actor: Any, at: Any, **_: Any) -> None:  # noqa: ANN401
    deadlines.apply_agreement(ticket, actor, at)


@ticket_edited.connect
def _edited(ticket: Any, actor: Any, changed: list[str], **_: Any) -> None:  # noqa: ANN401
    if {"handoff", "severity", "category"} & set(changed):
        deadlines.apply_agreement(ticket, actor)


@ticket_commented.connect
def _commented(ticket: Any, actor: Any, comment: Any, **_: Any) -> None:  # noqa: ANN401
    deadlines.note_reaction(ticket, actor, None, comment.created_dt)


@ticket_moved.connect
def _moved(ticket: Any, actor: Any, old: Any, new: Any, **_: Any) -> None:  # noqa: ANN401
    deadlines.on_status_change(ticket, actor, old, new)
