"""Effectiveness checks through the pages: who may decide, which dates, two people at
once, and where checks show (My work, the achievement page, the quarterly agenda)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from backoffice.effectiveness.commands import Verdict, record_verdict
from backoffice.effectiveness.jobs import check_effectiveness
from backoffice.effectiveness.models import CheckState, EffectivenessCheck
from backoffice.errors import ChangedMeanwhile
from backoffice.extensions import db
from backoffice.i18n import org_today
from backoffice.meetings.agenda import build_agenda
from backoffice.tickets.models import Ticket
from tests.effectiveness_steps import (
    check_of,
    check_version,
    fall_due,
    frozen_at,
    office_today,
    post_check_date,
    post_verdict,
    resolved_with_measure,
)
from tests.helpers import field_error, login, logout
from tests.meetings_steps import NOW, planned_review, resolve_at, ticket_at, user


@pytest.fixture
def due_number(app, office) -> str:  # noqa: ANN001
    """A ticket whose check fell due today (its owner is the office's owner)."""
    with app.app_context():
        number = resolved_with_measure(office, title="Hours missing").number
        check_of(number).due_date = org_today()
        db.session.commit()
    fall_due(app, number)
    return number


@pytest.mark.parametrize("who", ["clerk", "other_owner"])
def test_only_the_owner_or_a_coordinator_records_a_verdict(app, client, office, due_number, who):
    login(client, getattr(office, who))
    page = client.get(f"/tickets/{due_number}").get_data(as_text=True)
    assert "Effectiveness check" in page and "Record the verdict" not in page
    response = post_verdict(client, app, due_number, verdict="effective", note="Gone.")
    assert response.status_code == 403
    assert (
        post_check_date(client, app, due_number, office_today(app) + timedelta(days=9)).status_code
        == 403
    )
    logout(client)
    login(client, office.coordinator)
    response = post_verdict(client, app, due_number, verdict="effective", note="Gone.")
    assert response.status_code == 302
    with app.app_context():
        check = check_of(due_number)
        assert (check.state, check.verdict_note) == (CheckState.EFFECTIVE, "Gone.")


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "Choose a date after today."), (0, "Choose a date after today."),
     (2 * 366 + 1, "Choose a date until")],
)  # fmt: skip
def test_a_check_date_in_the_past_or_beyond_two_years_is_refused_at_its_field(
    app, client, office, due_number, days, message
):
    login(client, office.owner)
    response = post_check_date(client, app, due_number, office_today(app) + timedelta(days=days))
    assert response.status_code == 400
    assert message in field_error(response.get_data(as_text=True), "check_due_date")
    response = post_verdict(client, app, due_number, verdict="observe", note="Wait for year end.",
                            due_date=str(office_today(app) + timedelta(days=days)))  # fmt: skip
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in field_error(html, "check_observe_date")
    assert "Wait for year end." in html  # the note is kept
    with app.app_context():
        assert check_of(due_number).state == CheckState.DUE


def test_observe_longer_waits_for_the_new_date_and_falls_due_again(app, client, office, due_number):
    login(client, office.owner)
    later = office_today(app) + timedelta(days=60)
    response = post_verdict(client, app, due_number, verdict="observe",
                            note="One similar ticket, the old way.", due_date=later.isoformat())  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        check = check_of(due_number)
        assert (check.state, check.due_date) == (CheckState.OBSERVE, later)
        assert check_effectiveness(today=later) == {"due": 1, "notified": 1}
    response = post_check_date(client, app, due_number, later + timedelta(days=30))
    assert response.status_code == 302
    with app.app_context():
        assert check_of(due_number).state == CheckState.SCHEDULED


def test_two_people_at_once_one_wins_the_other_sees_changed_meanwhile(
    app, client, office, due_number
):
    seen = check_version(app, due_number)
    other = app.test_client()
    login(client, office.owner)
    login(other, office.coordinator)
    first = post_verdict(client, app, due_number, version=seen, verdict="effective",
                         note="No similar ticket.")  # fmt: skip
    second = post_verdict(other, app, due_number, version=seen, verdict="not_effective",
                          note="My careful reasoning.")  # fmt: skip
    assert first.status_code == 302 and second.status_code == 409
    html = second.get_data(as_text=True)
    assert "Someone else changed this while you were editing" in html
    assert "My careful reasoning." in html
    with app.app_context():
        check = check_of(due_number)
        assert check.state == CheckState.EFFECTIVE and check.follow_up_ticket_id is None
        assert db.session.scalar(select(func.count(Ticket.id))) == 1


@pytest.mark.parametrize("verdict", ["effective", "not_effective"])
def test_a_verdict_racing_another_commit_is_changed_meanwhile(app, office, due_number, verdict):
    """Both read version n; the other commits first: the UPDATE matches no row (409), also
    when it is flushed on the way (the follow-up of "not effective" reads the tickets)."""
    with app.app_context():
        check = check_of(due_number)
        seen = check.version
        db.session.execute(
            update(EffectivenessCheck)
            .where(EffectivenessCheck.id == check.id)
            .values(version=seen + 1)  # fmt: skip
        )
        with pytest.raises(ChangedMeanwhile):
            record_verdict(check, user(office.owner), Verdict(verdict, "Decided."), seen)
        assert db.session.scalar(select(func.count(Ticket.id))) == 1  # no follow-up
        assert check_of(due_number).state == CheckState.DUE


def test_my_work_shows_my_due_checks_and_coordinators_the_overdue_ones(
    app, client, office, due_number
):
    login(client, office.owner)
    mine = client.get("/").get_data(as_text=True)
    assert "Measures to check" in mine and due_number in mine
    logout(client)
    login(client, office.coordinator)
    assert "Overdue effectiveness checks" not in client.get("/").get_data(as_text=True)
    with app.app_context():
        check_of(due_number).due_date = org_today() - timedelta(days=3)
        db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Overdue effectiveness checks" in page and due_number in page


def _decide(office, number: str, state: str, at: datetime, monkeypatch) -> None:  # noqa: ANN001
    with frozen_at(monkeypatch, at):
        record_verdict(check_of(number), user(office.coordinator), Verdict(state, f"{state}."))


def test_the_agenda_section_lists_failed_measures_first_with_rates(
    app, client, office, monkeypatch
):
    """Q3: one effective. Since the Q4 review period began: one failed, one due, one effective."""
    with app.app_context():
        with frozen_at(monkeypatch, datetime(2026, 5, 1, 9, tzinfo=UTC)):
            q3 = resolved_with_measure(office, title="Rates old").number
        check_effectiveness(today=check_of(q3).due_date)
        _decide(office, q3, "effective", datetime(2026, 8, 5, 9, tzinfo=UTC), monkeypatch)
        numbers = {}
        with frozen_at(monkeypatch, datetime(2026, 8, 1, 9, tzinfo=UTC)):
            for name in ("failed", "waiting", "worked"):
                numbers[name] = resolved_with_measure(office, title=f"Hours {name}").number
        check_effectiveness(today=check_of(numbers["failed"]).due_date)
        at = datetime(2026, 11, 2, 9, tzinfo=UTC)
        _decide(office, numbers["worked"], "effective", at, monkeypatch)
        _decide(office, numbers["failed"], "not_effective", at, monkeypatch)
        section = build_agenda(planned_review(), NOW)["sections"]["effectiveness"]
    assert [c["number"] for c in section["checks"]] == [
        numbers["failed"], numbers["waiting"], numbers["worked"]]  # fmt: skip
    assert section["checks"][0]["follow_up"]  # the failed measure's follow-up ticket
    office_row = section["rates"][-1]
    assert (office_row["now_effective"], office_row["now_checked"]) == (1, 2)
    assert (office_row["before_effective"], office_row["before_checked"]) == (1, 1)
    login(client, office.coordinator)
    page = client.get("/reviews/2026-Q4").get_data(as_text=True)
    assert "Were our measures effective?" in page
    assert "50% (1 of 2)" in page and "100% (1 of 1)" in page
    achievement = client.get("/agreements/achievement?quarter=2026-Q4").get_data(as_text=True)
    assert "Effectiveness of preventive actions" in achievement and "50% (1 of 2)" in achievement


def test_the_check_reads_a_fixed_number_of_statements_however_many_recurrences(
    app, client, office, due_number, statement_counter
):
    """The panel: its checks, the failed measure behind, and the evidence (listed, baseline);
    My work: the due checks of mine and, for coordinators, the overdue ones."""
    login(client, office.coordinator)
    counts = []
    for extra in (2, 30):
        with app.app_context():
            check = check_of(due_number)
            for n in range(extra):
                ticket_at(office, check.recorded_dt + timedelta(hours=n + 1), title=f"Again {n}")
        client.get(f"/tickets/{due_number}")  # warm: the session and user are read alike
        with statement_counter() as page:
            html = client.get(f"/tickets/{due_number}").get_data(as_text=True)
        with statement_counter() as work:
            client.get("/")
        counts.append((page.count, work.count))
    assert '<dd class="recurrences">32</dd>' in html  # all counted, 20 listed
    listed = html.split('class="plain-list recurrence-list"')[1].split("</ul>")[0]
    assert listed.count("<li>") == 20
    assert counts[0] == counts[1], counts


def test_a_repeating_cause_names_the_preventive_actions_that_did_not_stop_it(app, client, office):
    with app.app_context():
        fixed = ticket_at(office, NOW - timedelta(days=200), title="First time")
        resolve_at(office, fixed, NOW - timedelta(days=150), preventive="Rates checked weekly")
        late = ticket_at(office, NOW - timedelta(days=100), title="Too late to count")
        resolve_at(office, late, NOW - timedelta(days=1), preventive="Rates locked on Friday")
        for days in (30, 20, 10):
            ticket_at(office, NOW - timedelta(days=days), title=f"Again {days}")
        repeats = build_agenda(planned_review(), NOW)["repeats"]
        fixed_number = fixed.number
    assert [m["number"] for m in repeats[0]["measures"]] == [fixed_number]
    assert repeats[0]["measures"][0]["preventive_action"] == "Rates checked weekly"
    login(client, office.coordinator)
    page = client.get("/reviews/2026-Q4").get_data(as_text=True)
    assert "Preventive actions that did not stop it:" in page and fixed_number in page
