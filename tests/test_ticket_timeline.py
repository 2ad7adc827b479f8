"""The ticket's timeline: one entry per action, system-made due times as one quiet line,
and the switch between everything, comments only and changes only."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from flask import Flask

from backoffice.tickets.models import Status
from tests.agreement_steps import promise_on_the_handoff
from tests.helpers import login, logout, planner_settings, submit
from tests.ticket_steps import act, edit, office_ticket, reported_number


def timeline_items(html: str) -> list[str]:
    """The visible text of each timeline entry, in order."""
    timeline = html[html.index('<ol class="timeline">') :]
    timeline = timeline[: timeline.index("</ol>")]
    items = re.findall(r'<li class="timeline-item[^"]*">(.*?)</li>', timeline, re.DOTALL)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in items]


def items_of_kind(html: str, kind: str) -> list[str]:
    return re.findall(rf'<li class="timeline-item timeline-item--{kind}">', html)


@pytest.fixture
def agreement(app: Flask, office: Any) -> None:
    with app.app_context():
        promise_on_the_handoff(office)


def test_a_life_cycle_is_one_entry_per_action(app: Flask, client, office) -> None:
    number = office_ticket(app, office, Status.CLOSED)
    login(client, office.clerk)

    items = timeline_items(client.get(f"/tickets/{number}").get_data(as_text=True))

    # reported, assigned, started, resolved, closed: not 13 lines of "changed X: — → …"
    assert len(items) == 5, items
    assigned = next(item for item in items if "to Assigned" in item)
    assert "Root-cause owner Otto Owner" in assigned and "Due date" in assigned
    resolved = next(item for item in items if "to Resolved" in item)
    assert resolved.startswith("Otto Owner")
    for text in ("The export ran before the hours were approved.", "Exported the week again."):
        assert text in resolved
    assert "Root-cause category" in resolved and "Corrective action" in resolved
    assert "—" not in resolved  # first values are shown without an empty "before"


def test_a_deadline_recompute_is_one_quiet_line_credited_to_the_system(
    app: Flask, client, office, agreement
) -> None:
    login(client, office.clerk)
    number = reported_number(client, office, severity="medium")
    logout(client)
    login(client, office.coordinator)
    assert edit(client, office, number, severity="high").status_code == 302

    html = client.get(f"/tickets/{number}").get_data(as_text=True)
    items = timeline_items(html)

    assert len(items_of_kind(html, "system")) == 2  # computed at the report, again at the edit
    system = [item for item in items if item.startswith("System")]
    assert len(system) == 2
    for line in system:
        assert "Response agreed by" in line and "Resolution agreed by" in line
    assert "(was " in system[1]  # the recompute says what the due time was
    people = [item for item in items if not item.startswith("System")]
    assert [item.split(" · ")[0] for item in people] == ["Clara Clerk", "Cora Coordinator"]
    assert not any("agreed by" in item for item in people)  # not credited to a person
    assert "Severity Medium → High" in people[1]


def test_the_timeline_shows_everything_comments_only_or_changes_only(
    app: Flask, client, office
) -> None:
    login(client, office.clerk)
    number = reported_number(client, office)
    url = f"/tickets/{number}"
    assert (
        submit(client, f"{url}/comments", {"body": "Also week 15"}, form_url=url).status_code == 302
    )

    everything = client.get(url).get_data(as_text=True)
    comments = client.get(f"{url}?show=comments").get_data(as_text=True)
    changes = client.get(f"{url}?show=changes").get_data(as_text=True)

    assert len(timeline_items(everything)) == 2
    assert timeline_items(comments) == [timeline_items(everything)[1]]
    assert "Also week 15" in timeline_items(comments)[0]
    assert len(timeline_items(changes)) == 1 and "reported the defect" in timeline_items(changes)[0]
    for page, current in ((everything, "Everything"), (comments, "Comments only")):
        marked = re.findall(
            r'<a href="[^"]*"\s+aria-current="page" class="is-current">([^<]*)</a>', page
        )
        assert marked == [current]
    assert f'href="/tickets/{number}?show=changes#timeline"' in everything


def test_an_unknown_view_shows_everything(app: Flask, client, office) -> None:
    login(client, office.clerk)
    number = reported_number(client, office)
    page = client.get(f"/tickets/{number}?show=nonsense").get_data(as_text=True)
    assert len(timeline_items(page)) == 1


def test_the_ticket_page_reads_its_timeline_in_a_fixed_number_of_statements(
    app: Flask, client, office, statement_counter
) -> None:
    number = office_ticket(app, office, Status.CLOSED)
    url = f"/tickets/{number}"
    login(client, office.coordinator)

    def statements() -> int:
        client.get(url)  # warm: the session and user are read alike
        with statement_counter() as log:
            assert client.get(url).status_code == 200
        return log.count

    def more_history() -> None:
        act(client, app, number, "reopen", reason="The hours are missing again.")
        for n in range(3):
            submit(client, f"{url}/comments", {"body": f"Note {n}"}, form_url=url)
        act(client, app, number, "resolve", root_cause_id=office.root_cause_id,
            corrective_action="Exported again.", preventive_action="Export waits for approval.")  # fmt: skip
        act(client, app, number, "close", defect_gone="yes")

    more_history()
    shorter = statements()
    more_history()
    more_history()
    assert statements() == shorter
    # the page's seven (eight on PostgreSQL: the join order, `join_in_written_order`);
    # the open effectiveness check and its evidence, three
    assert shorter <= 10 + planner_settings(app)
