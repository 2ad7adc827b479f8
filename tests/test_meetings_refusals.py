"""How review pages refuse: someone else's action item (403), a closed review (a message),
and a `next` address that would leave the site."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from backoffice.extensions import db
from backoffice.meetings.commands import MinuteData, mark_held, record_minute
from backoffice.meetings.models import ActionItem, ActionStatus
from tests.helpers import login, submit
from tests.meetings_steps import NOW, planned_review, user


def _action_for(office, owner: str) -> int:  # noqa: ANN001
    review = planned_review()
    data = MinuteData(
        section="other", action_title="Check the export", action_owner_id=user(owner).id
    )
    record_minute(review, user(office.coordinator), data)
    return db.session.scalar(select(ActionItem.id))


def test_an_owner_cannot_mark_someone_elses_action_done(app, office, client) -> None:
    with app.app_context():
        action_id = _action_for(office, office.owner)
    login(client, office.other_owner)
    response = submit(client, f"/reviews/actions/{action_id}/done", {"next": "/"}, form_url="/")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(ActionItem, action_id).status == ActionStatus.OPEN


def test_marking_an_action_done_never_redirects_off_the_site(app, office, client) -> None:
    with app.app_context():
        action_id = _action_for(office, office.owner)
    login(client, office.owner)
    data = {"next": "/\t/evil.example"}
    response = submit(client, f"/reviews/actions/{action_id}/done", data, form_url="/")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_held_review_refuses_minutes_with_a_message(app, office, client) -> None:
    with app.app_context():
        mark_held(planned_review(), user(office.coordinator), NOW + timedelta(days=53))
    login(client, office.coordinator)
    data = {"section": "other", "note": "Too late", "action_owner_id": "0"}
    response = submit(client, "/reviews/2026-Q4/minutes", data, form_url="/reviews/2026-Q4/edit")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This review is closed" in page and "Too late" not in page


def test_a_held_review_keeps_the_edit_form_with_a_message(app, office, client) -> None:
    with app.app_context():
        mark_held(planned_review(), user(office.coordinator), NOW + timedelta(days=53))
    login(client, office.coordinator)
    data = {"day": "2027-01-14", "start_time": "15:00", "duration_minutes": "90",
            "location": "Room 9.99"}  # fmt: skip
    response = submit(client, "/reviews/2026-Q4/edit", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This review is closed" in html and "Room 9.99" in html
