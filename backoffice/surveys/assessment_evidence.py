"""Survey results as evidence next to the self-assessment's criterion "we know our
customers": the customers' overall score in the latest round closed before the
assessment's date, the function's self-image and the gap between them.
"""

from __future__ import annotations

from datetime import datetime

from backoffice.assessments.evidence import Evidence
from backoffice.i18n import gettext as _
from backoffice.org.models import Function
from backoffice.surveys.formatting import gap_text, one_decimal
from backoffice.surveys.results import function_overall, latest_closed_rounds, min_answers


def customer_feedback(function: Function, until: datetime) -> list[Evidence]:
    """Nothing to show below the answer threshold (anonymity), as on the profile page."""
    rounds = latest_closed_rounds(before=until, count=1)
    figures = function_overall(rounds[0].id).get(function.id) if rounds else None
    if figures is None or figures["customers"] is None:
        return [Evidence(_("Customer survey"), _("no round with at least %(n)s answers yet",
                                                 n=min_answers()))]  # fmt: skip
    label = _("Customer survey: %(round)s", round=rounds[0].title)
    text = _("overall %(score)s of 5 from %(answers)s answers", score=one_decimal(
        figures["customers"], None), answers=figures["answers"])  # fmt: skip
    lines = [Evidence(label, text)]
    if figures["providers"] is not None:
        lines.append(Evidence(_("Our self-image"), _("%(score)s of 5 (gap %(gap)s)",
                              score=one_decimal(figures["providers"], None),
                              gap=gap_text(figures["gap"], None))))  # fmt: skip
    return lines
