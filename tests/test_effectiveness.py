"""Effectiveness checks: the proposal rule, resolving with a measure or a reason,
scheduling and cancelling, the due job, and a failed measure's follow-up ticket."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from backoffice.effectiveness.evidence import evidence_for, propose
from backoffice.effectiveness.jobs import check_effectiveness
from backoffice.effectiveness.models import CheckState, EffectivenessCheck
from backoffice.extensions import db
from backoffice.mail.models import OutboxMessage
from backoffice.tickets.models import LinkKind, PickListItem, Status, Ticket, TicketLink
from backoffice.tickets.workflow import (
    Resolution,
    confirm_resolution,
    reopen_ticket,
    resolve_ticket,
)
from tests.effectiveness_steps import (
    check_of,
    fall_due,
    frozen_at,
    post_verdict,
    resolved_with_measure,
)
from tests.factories import make_category
from tests.helpers import field_error, login, logout
from tests.meetings_steps import ticket_at, user
from tests.ticket_steps import act, reported_number, ticket_state

EFFECTIVE, NOT_EFFECTIVE, OBSERVE = (
    CheckState.EFFECTIVE,
    CheckState.NOT_EFFECTIVE,
    CheckState.OBSERVE,
)
RESOLVED_AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


# recurrences, baseline, defect gone?, days since the action, span compared → verdict
@pytest.mark.parametrize(
    ("recurrences", "baseline", "gone", "observed", "span", "verdict", "reason"),
    [
        (0, 4, None, 90, 90, EFFECTIVE, "none"),  # none over the whole span: it worked
        (0, 0, True, 120, 90, EFFECTIVE, "none"),  # rare defect, none since, reporter agrees
        (0, 4, None, 89, 90, OBSERVE, "too_early"),  # one day short of the span
        (0, 3, False, 200, 90, NOT_EFFECTIVE, "not_gone"),  # the reporter's "no" outweighs
        (3, 3, True, 90, 90, NOT_EFFECTIVE, "no_fewer"),  # as many as before: no change
        (5, 3, None, 90, 90, NOT_EFFECTIVE, "no_fewer"),  # more than before
        (1, 0, None, 90, 90, NOT_EFFECTIVE, "no_fewer"),  # none before, one after
        (1, 4, None, 90, 90, OBSERVE, "fewer"),  # 4 → 1: better, not gone
        (2, 3, True, 30, 90, OBSERVE, "fewer"),  # fewer, even early
    ],
)
def test_the_proposal_rule(recurrences, baseline, gone, observed, span, verdict, reason) -> None:
    proposal = propose(recurrences, baseline, gone, observed, span)
    assert (proposal.verdict, proposal.reason) == (verdict, reason)


def _resolve_form(office, **fields: str) -> dict[str, str]:  # noqa: ANN001
    return {"root_cause_id": str(office.root_cause_id), "corrective_action": "Sent again.",
            **fields}  # fmt: skip


def _started(app, client, office) -> str:  # noqa: ANN001
    login(client, office.clerk)
    number = reported_number(client, office)
    logout(client)
    login(client, office.coordinator)
    act(client, app, number, "assign", owner_id=str(office.owner_id))
    return number


def test_resolving_needs_a_preventive_action_or_a_reason_with_a_sentence(app, client, office):
    number = _started(app, client, office)
    response = act(client, app, number, "resolve", **_resolve_form(office))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert field_error(html, "preventive_action") == (
        "Describe the preventive action, or say why none is possible."
    )
    response = act(client, app, number, "resolve",
                   **_resolve_form(office, no_prevention_reason="outside_control"))  # fmt: skip
    assert field_error(response.get_data(as_text=True), "no_prevention_note") == (
        "Explain in a sentence why no measure is possible."
    )
    note = "The bank changed its file format without notice."
    response = act(client, app, number, "resolve", **_resolve_form(
        office, no_prevention_reason="outside_control", no_prevention_note=note))  # fmt: skip
    assert response.status_code == 302
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "None: Outside our control." in page and note in page
    with app.app_context():
        assert check_of(number) is None  # nothing to check without a measure


def test_a_measure_schedules_a_check_after_the_categorys_interval(app, client, office, monkeypatch):
    with app.app_context():
        db.session.get(PickListItem, office.category_id).check_after_days = 30
        db.session.commit()
    number = _started(app, client, office)
    measure = "Export waits for the approval flag."
    with frozen_at(monkeypatch, RESOLVED_AT):
        act(client, app, number, "resolve", **_resolve_form(office, preventive_action=measure))
        with app.app_context():
            check = check_of(number)
            assert (check.state, check.due_date) == (CheckState.SCHEDULED, date(2026, 4, 1))
            assert check.preventive_action == measure and check.span_days == 30
    app.config["EFFECTIVENESS_CHECK_DAYS"] = 90
    with app.app_context():
        db.session.get(PickListItem, office.category_id).check_after_days = None
        db.session.commit()
        other = resolved_with_measure(office)
        assert check_of(other.number).span_days == 90


def test_reopening_cancels_the_open_check_and_the_next_resolution_schedules_one(app, office):
    with app.app_context():
        ticket = resolved_with_measure(office)
        number, first = ticket.number, check_of(ticket.number).id
        reopen_ticket(ticket, user(office.clerk), "It came back the next day.")
        assert check_of(number).state == CheckState.CANCELLED
        resolution = Resolution(
            root_cause=db.session.get(PickListItem, office.root_cause_id),
            cause_analysis="",
            corrective_action="Sent again.",
            preventive_action="A second person approves the export.",
        )
        resolve_ticket(ticket, user(office.owner), resolution)
        newest = check_of(number)
        assert newest.id != first and newest.state == CheckState.SCHEDULED
        assert newest.preventive_action == "A second person approves the export."


def test_the_due_job_marks_counts_and_notifies_once(app, office, monkeypatch):
    with app.app_context():
        ticket_before = ticket_at(office, datetime(2026, 1, 10, tzinfo=UTC), title="Before")
        with frozen_at(monkeypatch, RESOLVED_AT):
            ticket = resolved_with_measure(office, title="Hours missing")
        again = ticket_at(office, datetime(2026, 4, 15, tzinfo=UTC), title="Hours missing again")
        check = check_of(ticket.number)
        assert check_effectiveness(today=check.due_date - timedelta(days=1)) == {
            "due": 0, "notified": 0}  # fmt: skip
        assert check_effectiveness(today=check.due_date) == {"due": 1, "notified": 1}
        assert check_effectiveness(today=check.due_date) == {"due": 0, "notified": 0}
        db.session.expire_all()
        check = check_of(ticket.number)
        assert (check.state, check.recurrence_count) == (CheckState.DUE, 1)
        mails = db.session.scalars(select(OutboxMessage)).all()
        assert len(mails) == 1 and mails[0].recipients == office.owner
        assert ticket.number in mails[0].subject
        evidence = evidence_for(check, check.due_date)
        assert [r["number"] for r in evidence.recurrences] == [again.number]
        assert evidence.baseline == 1 and ticket_before.number != again.number
        assert evidence.proposal.verdict == CheckState.NOT_EFFECTIVE


def test_not_effective_opens_a_linked_follow_up_for_the_same_owner(
    app, client, office, monkeypatch
):
    with app.app_context():
        with frozen_at(monkeypatch, RESOLVED_AT):
            ticket = resolved_with_measure(office, title="Hours missing")
        confirm_resolution(ticket, user(office.clerk), defect_gone=False)
        again = ticket_at(office, datetime(2026, 4, 15, tzinfo=UTC), title="Hours missing again")
        number, again_number = ticket.number, again.number
    fall_due(app, number)
    login(client, office.owner)
    page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "The reporter says the defect is not gone." in page and again_number in page
    response = post_verdict(client, app, number, verdict="not_effective",
                            note="The hours went missing again in April.")  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        check = check_of(number)
        follow_up = check.follow_up
        assert check.state == CheckState.NOT_EFFECTIVE and follow_up is not None
        assert follow_up.owner_id == office.owner_id and follow_up.status == Status.ASSIGNED
        assert follow_up.handoff_id == office.handoff_id
        assert check.preventive_action in follow_up.description
        assert again_number in follow_up.description
        link = db.session.scalar(select(TicketLink).where(TicketLink.source_id == follow_up.id))
        assert (link.kind, link.target_id) == (LinkKind.FOLLOW_UP_OF, check.ticket_id)
        follow_number = follow_up.number
    page = client.get(f"/tickets/{follow_number}").get_data(as_text=True)
    assert "Failed measure" in page and number in page
    assert "Has follow-up" in client.get(f"/tickets/{number}").get_data(as_text=True)
    assert ticket_state(app, number).status == Status.CLOSED  # the original stays closed


def test_the_demo_office_has_checks_in_every_state_and_a_failed_measure(app, runner) -> None:
    with app.app_context():  # seed-demo is a plain click command: the runner has no app context
        result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Effectiveness checks: checks=" in result.output
    with app.app_context():
        states = set(db.session.scalars(select(EffectivenessCheck.state).distinct()))
        assert states == set(CheckState)
        failed = db.session.scalar(
            select(EffectivenessCheck).where(EffectivenessCheck.follow_up_ticket_id.is_not(None))
        )
        assert failed.state == CheckState.NOT_EFFECTIVE
        assert failed.follow_up.owner_id == failed.ticket.owner_id
        link = db.session.scalar(
            select(TicketLink).where(TicketLink.source_id == failed.follow_up_ticket_id)
        )
        assert (link.kind, link.target_id) == (LinkKind.FOLLOW_UP_OF, failed.ticket_id)
        unexplained = db.session.scalar(
            select(func.count(Ticket.id)).where(
                Ticket.status.in_([Status.RESOLVED, Status.CLOSED]),
                Ticket.preventive_action == "",
                Ticket.no_prevention_reason == "",
            )
        )
        assert unexplained == 0


def test_the_jobs_recurrence_count_agrees_with_the_evidence(app, office, monkeypatch) -> None:
    """Same category, same root cause, both, another handoff, a rejected one, one before."""
    with app.app_context():
        with frozen_at(monkeypatch, RESOLVED_AT):
            ticket = resolved_with_measure(office, title="Hours missing")
        other_category = make_category("wrong_rate")
        cause = db.session.get(PickListItem, office.root_cause_id)
        after = [RESOLVED_AT + timedelta(days=d) for d in (1, 2, 3, 4, 5, 6)]
        ticket_at(office, after[0], title="Same category")
        by_cause = ticket_at(office, after[1], title="Same cause")
        by_cause.category, by_cause.root_cause = other_category, cause
        both = ticket_at(office, after[2], title="Both")
        both.root_cause = cause
        ticket_at(office, after[3], title="Other handoff", handoff_id=office.other_handoff_id)
        unrelated = ticket_at(office, after[4], title="Other category, no cause")
        unrelated.category = other_category
        rejected = ticket_at(office, after[5], title="Not a defect")
        rejected.status = Status.REJECTED
        ticket_at(office, RESOLVED_AT - timedelta(days=3), title="Before")
        db.session.commit()
        check = check_of(ticket.number)
        check_effectiveness(today=check.due_date)
        db.session.expire_all()
        check = check_of(ticket.number)
        evidence = evidence_for(check, check.due_date)
        assert check.recurrence_count == evidence.recurrence_total == 3
        assert {r["title"] for r in evidence.recurrences} == {"Same category", "Same cause", "Both"}
