"""The two forms of a check: the verdict, and another check date."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from backoffice.effectiveness.commands import Verdict
from backoffice.effectiveness.models import VERDICTS, EffectivenessCheck
from backoffice.field_bounds import InDateWindow
from backoffice.i18n import lazy_gettext as _l


def form_version(form: FlaskForm) -> int:
    """The check's version the form was opened on; none or garbage counts as stale."""
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return -1


class VerdictForm(FlaskForm):
    version = HiddenField()
    # Own ids: the ticket page shows other forms with a note and a due date.
    verdict = RadioField(
        _l("Verdict"), id="check_verdict", validators=[InputRequired(_l("Choose a verdict."))]
    )
    note = TextAreaField(
        _l("What the verdict rests on"),
        id="check_note",
        validators=[InputRequired(_l("Say in a sentence what the verdict rests on.")),
                    Length(max=5000)],
    )  # fmt: skip
    due_date = DateField(
        _l("Check again on"),
        id="check_observe_date",
        description=_l("Only for “observe longer”."),
        validators=[Optional(), InDateWindow()],
    )

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.verdict.choices = [(v.value, v.label) for v in VERDICTS]

    def to_data(self) -> Verdict:
        return Verdict(self.verdict.data or "", self.note.data or "", self.due_date.data)


class CheckDateForm(FlaskForm):
    version = HiddenField()
    due_date = DateField(
        _l("Check date"),
        id="check_due_date",
        validators=[InputRequired(_l("Give the date of the next check.")), InDateWindow()],
    )


def fresh_forms(check: EffectivenessCheck) -> dict[str, FlaskForm]:
    """The forms of an open check, unposted and carrying its version."""
    verdict = VerdictForm(formdata=None)
    dated = CheckDateForm(formdata=None, due_date=check.due_date)
    for form in (verdict, dated):
        form.version.data = str(check.version)
    return {"effectiveness_verdict": verdict, "effectiveness_date": dated}
