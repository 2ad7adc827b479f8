"""The effectiveness checks as evidence next to the self-assessment's criterion "we follow
up on our measures": how many of the function's checks that fell due got a verdict, and
how many of those found the measure effective, over the last twelve months.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select

from backoffice.assessments.evidence import WINDOW, Evidence
from backoffice.effectiveness.models import CheckState, EffectivenessCheck
from backoffice.effectiveness.panels import rate_text
from backoffice.effectiveness.queries import CHECKED
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.org.models import Function, Handoff
from backoffice.tickets.models import Ticket


def follow_up_measures(function: Function, until: datetime) -> list[Evidence]:
    """Checked = a verdict decided in the window; waiting = due now without a verdict. The
    checks count for the function whose handoff had the defect (as on the achievement page)."""
    decided = (EffectivenessCheck.state.in_(CHECKED)) & (
        EffectivenessCheck.decided_dt >= until - WINDOW
    ) & (EffectivenessCheck.decided_dt < until)  # fmt: skip
    waiting = EffectivenessCheck.state == CheckState.DUE
    effective = decided & (EffectivenessCheck.state == CheckState.EFFECTIVE)
    row = db.session.execute(
        select(
            func.count(case((decided, 1))),
            func.count(case((waiting, 1))),
            func.count(case((effective, 1))),
        )
        .select_from(EffectivenessCheck)
        .join(Ticket, EffectivenessCheck.ticket_id == Ticket.id)
        .join(Handoff, Ticket.handoff_id == Handoff.id)
        .where(Handoff.from_function_id == function.id, decided | waiting)
    ).one()
    checked, due, effective_count = row
    if not checked and not due:
        return [Evidence(_("Effectiveness checks"), _("none fell due in the last 12 months"))]
    return [
        Evidence(_("Preventive actions checked"), rate_text(checked, checked + due)),
        Evidence(_("Found effective"), rate_text(effective_count, checked)),
    ]
