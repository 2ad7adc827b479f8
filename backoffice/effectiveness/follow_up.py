"""A failed measure leads to a follow-up ticket that says what failed and what came back.

Written in the organisation's language, like every text the app writes for several
people; the ticket core opens, links and assigns it (`tickets.service.open_follow_up`).
"""

from __future__ import annotations

from flask_babel import force_locale

from backoffice.auth.models import User
from backoffice.date_formats import show_date
from backoffice.effectiveness.evidence import evidence_for
from backoffice.effectiveness.models import EffectivenessCheck
from backoffice.i18n import gettext as _
from backoffice.i18n import org_language, org_today
from backoffice.tickets.models import Ticket
from backoffice.tickets.service import open_follow_up


def follow_up_text(check: EffectivenessCheck) -> tuple[str, str]:
    """(title, description) of the follow-up ticket."""
    original = check.ticket
    evidence = evidence_for(check, org_today())
    with force_locale(org_language()):
        title = _("Failed measure: %(title)s", title=original.title)
        lines = [
            _(
                "The preventive action of %(number)s was checked and found not effective.",
                number=original.number,
            ),
            "",
            _("Preventive action: %(action)s", action=check.preventive_action),
            _("Verdict: %(note)s", note=check.verdict_note),
            "",
            _("Similar tickets since the action: %(count)s", count=evidence.recurrence_total),
        ]
        lines += [
            f"- {r['number']} ({show_date(r['created_dt'])}): {r['title']}"
            for r in evidence.recurrences
        ]
    return title, "\n".join(lines)


def open_failed_measure(check: EffectivenessCheck, actor: User) -> Ticket:
    title, description = follow_up_text(check)
    return open_follow_up(check.ticket, actor, title, description)
