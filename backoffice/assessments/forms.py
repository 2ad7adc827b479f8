"""Forms of the assessment pages: rating a draft, a development need, the catalogue, the toolbox."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    DateField,
    Field,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, Optional

from backoffice.assessments.commands import NeedInput, RatingInput
from backoffice.assessments.models import LANGUAGES, Level
from backoffice.field_bounds import InDateWindow
from backoffice.i18n import lazy_gettext as _l

if TYPE_CHECKING:
    from backoffice.assessments.models import Assessment, Criterion, ToolboxMethod
    from backoffice.auth.models import User

LANGUAGE_WORDS = {"en": _l("English"), "de": _l("German"), "nl": _l("Dutch")}


def level_choices() -> list[tuple[str, str]]:
    return [("", str(_l("— not rated —")))] + [(str(lv.value), lv.label) for lv in Level]


class RatingForm(FlaskForm):
    """One level, note and evidence link per criterion, named by the criterion's id.

    Built per assessment (`for_assessment`), because the criteria come from its version.
    """

    version = HiddenField()
    action = HiddenField(default="save")

    @classmethod
    def for_assessment(cls, assessment: Assessment, posted: bool = True) -> RatingForm:
        """The form as posted, or (`posted` False, or a GET) filled from the ratings."""
        attrs: dict[str, Field] = {}
        for rating in assessment.ratings:
            cid = rating.criterion_id
            attrs[f"level_{cid}"] = SelectField(_l("Rating"), default="", validators=[Optional()])
            attrs[f"note_{cid}"] = TextAreaField(_l("Note"), validators=[Length(max=2000)])
            attrs[f"link_{cid}"] = StringField(
                _l("Evidence link"),
                validators=[Optional(), URL(require_tld=False), Length(max=500)],
            )
            attrs[f"file_{cid}"] = FileField(_l("Evidence file"))
        form_class = type("AssessmentRatingForm", (cls,), attrs)
        kwargs = {} if posted else {"formdata": None}
        form = form_class(version=str(assessment.version), **kwargs)
        fill = not posted or not form.is_submitted()
        for rating in assessment.ratings:
            cid = rating.criterion_id
            level_field = form[f"level_{cid}"]
            level_field.choices = level_choices()
            if fill:
                level_field.data = "" if rating.level is None else str(rating.level)
                form[f"note_{cid}"].data = rating.note
                form[f"link_{cid}"].data = rating.evidence_url
        return form

    def expected_version(self) -> int:
        return int(self.version.data) if (self.version.data or "").isdigit() else 0

    def to_data(self, assessment: Assessment) -> dict[int, RatingInput]:
        data = {}
        for rating in assessment.ratings:
            cid = rating.criterion_id
            level = self[f"level_{cid}"].data
            data[cid] = RatingInput(
                level=int(level) if level else None,
                note=self[f"note_{cid}"].data or "",
                evidence_url=self[f"link_{cid}"].data or "",
                upload=upload
                if isinstance(upload := self[f"file_{cid}"].data, FileStorage)
                else None,
            )
        return data


class NeedForm(FlaskForm):
    criterion_id = SelectField(_l("Criterion"), coerce=int, validators=[InputRequired()])
    title = StringField(_l("What we will do"), validators=[DataRequired(), Length(max=300)])
    owner_id = SelectField(_l("Owner"), coerce=int, validators=[InputRequired()])
    due_date = DateField(_l("Due date"), validators=[DataRequired(), InDateWindow()])
    method_id = SelectField(_l("Method"), coerce=int, validators=[InputRequired()])

    def __init__(self, weak: list[Criterion], people: list[User],
                 methods: list[ToolboxMethod], *args: Any, **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.criterion_id.choices = [(c.id, c.text("statement")) for c in weak]
        self.owner_id.choices = [(u.id, u.name) for u in people]
        self.method_id.choices = [(m.id, m.text("name")) for m in methods]
        self.methods = methods  # their descriptions are shown beside the form

    def to_data(self) -> NeedInput:
        return NeedInput(self.criterion_id.data, self.title.data, self.owner_id.data,
                         self.due_date.data, self.method_id.data)  # fmt: skip


def _texts(prefix: str, label: Any, long: bool, max_length: int) -> dict[str, Field]:  # noqa: ANN401
    kind = TextAreaField if long else StringField
    return {
        f"{prefix}_{lang}": kind(
            _l("%(label)s (%(language)s)", label=label, language=LANGUAGE_WORDS[lang]),
            validators=[Optional() if lang != "en" else DataRequired(), Length(max=max_length)],
        )
        for lang in LANGUAGES
    }


class VersionForm(FlaskForm):
    """The catalogue version the editor saw: an edit against an older one is refused."""

    version = IntegerField(validators=[InputRequired()])


class CatalogueForm(VersionForm):
    def to_data(self) -> dict[str, str]:
        return {name: field.data or "" for name, field in self._fields.items()
                if name.rsplit("_", 1)[-1] in LANGUAGES}  # fmt: skip


CriterionForm = type(
    "CriterionForm", (CatalogueForm,),
    {**_texts("statement", _l("Statement"), True, 1000),
     **_texts("fully", _l("What “fully” looks like"), True, 1000)},
)  # fmt: skip
FieldTitleForm = type("FieldTitleForm", (CatalogueForm,), _texts("title", _l("Field"), False, 200))


class MethodFormBase(FlaskForm):
    version = HiddenField()
    is_active = BooleanField(_l("In use"), default=True)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: field.data or "" for name, field in self._fields.items()
                                if name.rsplit("_", 1)[-1] in LANGUAGES}  # fmt: skip
        data["is_active"] = bool(self.is_active.data)
        return data

    def expected_version(self) -> int | None:
        return int(self.version.data) if (self.version.data or "").isdigit() else None


MethodForm = type(
    "MethodForm", (MethodFormBase,),
    {**_texts("name", _l("Name"), False, 120),
     **_texts("description", _l("Description"), True, 1000)},
)  # fmt: skip
