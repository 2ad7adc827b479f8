"""What a resolution says, and what it must say: a root-cause category, a corrective action,
and a preventive action or the reason why none is possible (its effect is checked later)."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.i18n import gettext as _
from backoffice.tickets.models import NoPrevention, PickListItem, PickListKind


@dataclass
class Resolution:
    root_cause: PickListItem | None
    cause_analysis: str
    corrective_action: str
    preventive_action: str = ""
    # Without a preventive action: a `NoPrevention` value and a sentence why.
    no_prevention_reason: str = ""
    no_prevention_note: str = ""

    def missing(self) -> dict[str, str]:
        """What a resolution lacks, by field: nothing may come back unasked."""
        missing = {}
        if self.root_cause is None or self.root_cause.kind != PickListKind.ROOT_CAUSE:
            missing["root_cause_id"] = _("Name the root-cause category.")
        if not self.corrective_action.strip():
            missing["corrective_action"] = _("Describe the corrective action.")
        if self.preventive_action.strip():
            return missing
        if self.no_prevention_reason not in NoPrevention._value2member_map_:
            missing["preventive_action"] = _(
                "Describe the preventive action, or say why none is possible."
            )
        elif not self.no_prevention_note.strip():
            missing["no_prevention_note"] = _("Explain in a sentence why no measure is possible.")
        return missing

    def as_fields(self) -> dict[str, object]:
        prevented = bool(self.preventive_action.strip())
        return {
            "root_cause": self.root_cause,
            "cause_analysis": self.cause_analysis.strip(),
            "corrective_action": self.corrective_action.strip(),
            "preventive_action": self.preventive_action.strip(),
            "no_prevention_reason": "" if prevented else self.no_prevention_reason,
            "no_prevention_note": "" if prevented else self.no_prevention_note.strip(),
        }
