"""Effectiveness checks and survey results appear as evidence next to their criteria of
the self-assessment ("we follow up on our measures", "we know our customers")."""

from __future__ import annotations

from datetime import timedelta

from backoffice.assessments.evidence import evidence_providers
from backoffice.effectiveness.models import CheckState
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.org.models import Function, Handoff
from backoffice.surveys.closing import close_round
from tests.effectiveness_steps import check_of, fall_due, resolved_with_measure
from tests.survey_steps import answer_round, open_round, survey_office


def _lines(key: str, function_id: int) -> list[tuple[str, str]]:
    function = db.session.get(Function, function_id)
    until = utcnow() + timedelta(days=1)
    return [(e.label, e.value) for e in evidence_providers.lines(key, function, until)]


def test_follow_up_measures_counts_checked_and_effective_checks(app, office):
    with app.app_context():
        numbers = [resolved_with_measure(office).number for _ in range(3)]
        provider = db.session.get(Handoff, office.handoff_id).from_function_id
    for number in numbers:
        fall_due(app, number)
    with app.app_context(), app.test_request_context():
        assert _lines(
            "follow_up_measures",
            office.invoicing_id if provider != office.invoicing_id else office.time_registration_id,
        ) == [  # fmt: skip
            ("Effectiveness checks", "none fell due in the last 12 months")
        ]
        check = check_of(numbers[0])
        check.state, check.decided_dt = CheckState.EFFECTIVE, utcnow()
        check = check_of(numbers[1])
        check.state, check.decided_dt = CheckState.NOT_EFFECTIVE, utcnow()
        db.session.commit()
        lines = dict(_lines("follow_up_measures", provider))
    # two of the three due checks have a verdict; one of those two found the measure effective
    assert "(2 of 3)" in lines["Preventive actions checked"]
    assert "(1 of 2)" in lines["Found effective"]


def test_customer_feedback_shows_the_latest_round_and_the_gap(app, office):
    with app.app_context(), app.test_request_context():
        survey = survey_office(office)
        assert _lines("customer_feedback", office.time_registration_id) == [
            ("Customer survey", "no round with at least 3 answers yet")
        ]
        round_id = open_round(office, survey, "Winter survey")
    answer_round(app, app.test_client, office, survey, 2, 5)  # customers say 2, the team 5
    with app.app_context(), app.test_request_context():
        assert close_round(round_id, utcnow())
        lines = _lines("customer_feedback", office.time_registration_id)
    assert lines[0][0] == "Customer survey: Winter survey"
    assert lines[0][1].startswith("overall 2.0 of 5 from ")
    assert lines[1] == ("Our self-image", "5.0 of 5 (gap +3.0)")
