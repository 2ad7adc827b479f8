"""What the feature shows on pages it does not own (`backoffice.extension_points`):
the ticket page's check, My work's due checks, the achievement page's rates."""

from __future__ import annotations

from typing import Any

from flask_babel import format_number, format_percent

from backoffice.auth.models import User
from backoffice.effectiveness.commands import may_decide
from backoffice.effectiveness.evidence import evidence_for
from backoffice.effectiveness.forms import fresh_forms
from backoffice.effectiveness.queries import (
    checks_of_ticket,
    due_checks,
    rate_rows,
    rates_by_function,
)
from backoffice.i18n import gettext as _
from backoffice.i18n import org_timezone, org_today
from backoffice.org.models import Function
from backoffice.quarters import Quarter
from backoffice.tickets.models import Ticket


def ticket_panel(ticket: Ticket, user: User) -> dict[str, Any] | None:
    """The check of the ticket's preventive action (and earlier ones), or the failed
    measure this ticket follows up; None when neither exists."""
    checks, behind = checks_of_ticket(ticket)
    if not checks and behind is None:
        return None
    current = checks[0] if checks else None
    today = org_today()
    deciding = current is not None and current.is_open and may_decide(user, ticket)
    return {
        "check": current,
        "earlier": checks[1:],
        "evidence": evidence_for(current, today) if current and current.is_open else None,
        "behind": behind,
        "forms": fresh_forms(current) if deciding else {},
        "today": today,
    }


def my_work_panel(user: User) -> dict[str, Any] | None:
    """Checks due for this owner; for coordinators, every check overdue."""
    mine, mine_total = due_checks(user)
    overdue, overdue_total = due_checks(None, org_today()) if user.is_coordinator else ([], 0)
    if not mine_total and not overdue_total:
        return None
    return {"mine": mine, "mine_total": mine_total, "overdue": overdue,
            "overdue_total": overdue_total}  # fmt: skip


def achievement_panel(quarter: Quarter, function: Function | None) -> dict[str, Any] | None:
    """Effectiveness rate per function in the quarter, against the quarter before."""
    tz = org_timezone()
    rows = rate_rows(
        rates_by_function(*quarter.bounds(tz)), rates_by_function(*quarter.previous().bounds(tz))
    )
    if function is not None:
        rows = [r for r in rows if r["function_id"] == function.id]
    if not rows:
        return None
    return {"rows": rows, "quarter": quarter.key, "previous_quarter": quarter.previous().key}


def rate_text(effective: int, checked: int) -> str:
    """ "75 % (3 of 4)" in the reader's format; "—" before anything was checked."""
    if not checked:
        return "—"
    return _("%(rate)s (%(effective)s of %(checked)s)", rate=format_percent(effective / checked),
             effective=format_number(effective), checked=format_number(checked))  # fmt: skip
