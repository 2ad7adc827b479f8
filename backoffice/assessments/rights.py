"""Who may do what with a team's assessment: the one place pages, panels and commands ask.

The team is the function's members and its lead. They edit the draft; the lead starts
and completes it. Coordinators read every assessment, and everyone signed in reads the
completed ones, which are published like service profiles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backoffice.errors import NotAllowed

if TYPE_CHECKING:
    from backoffice.assessments.models import Assessment, DevelopmentNeed
    from backoffice.auth.models import User
    from backoffice.org.models import Function


def in_team(user: User, function: Function) -> bool:
    return user.function_id == function.id or function.lead_id == user.id


def is_lead(user: User, function: Function) -> bool:
    return function.lead_id == user.id


def can_read(user: User, assessment: Assessment) -> bool:
    return not assessment.is_draft or user.is_coordinator or in_team(user, assessment.function)


def can_edit(user: User, assessment: Assessment) -> bool:
    return assessment.is_draft and in_team(user, assessment.function)


def can_plan_needs(user: User, assessment: Assessment) -> bool:
    return in_team(user, assessment.function)


def can_close_need(user: User, need: DevelopmentNeed) -> bool:
    function = need.assessment.function
    return need.owner_id == user.id or is_lead(user, function) or user.is_coordinator


def require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed
