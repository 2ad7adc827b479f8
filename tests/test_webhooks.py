"""Webhooks: subscriptions by admins, signed deliveries to a receiver on loopback,
retries after a 500, order per ticket, no duplicates, the log with redeliver."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from backoffice.extensions import db
from backoffice.meetings.models import QuarterlyReview
from backoffice.models import utcnow
from backoffice.webhooks.delivery import deliver_webhooks
from backoffice.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from tests.api_steps import Api, token_for
from tests.helpers import field_error, login, submit
from tests.office import Office
from tests.webhook_receiver import Receiver, start_receiver


@pytest.fixture
def receiver(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", True)  # the receiver is on loopback
    found, server = start_receiver()
    yield found
    server.shutdown()


def subscribe(client: FlaskClient, url: str, *events: str) -> str:
    data = {"url": url, "events": list(events), "is_active": "y"}
    return submit(client, "/admin/webhooks/new", data)


def deliver(app: Flask, after: timedelta = timedelta()) -> dict[str, int]:
    with app.app_context():
        return deliver_webhooks(utcnow() + after)


def secret_of(app: Flask) -> str:
    with app.app_context():
        return db.session.scalar(select(WebhookSubscription.secret))


def deliveries(app: Flask) -> list[tuple[str, str, int]]:
    with app.app_context():
        rows = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))
        return [(d.event.value, d.status.value, d.attempts) for d in rows]


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/x", "http://10.1.2.3/", "http://[::1]/", "http://169.254.169.254/",
     "ftp://example.org/", "https://user:pw@example.org/", "not a url"],
)  # fmt: skip
def test_addresses_that_could_probe_the_network_are_refused(
    client: FlaskClient, office: Office, url: str
):
    login(client, office.admin)
    response = subscribe(client, url, "ticket.reported")
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "url")


def test_only_admins_manage_webhooks(client: FlaskClient, office: Office):
    login(client, office.coordinator)
    assert client.get("/admin/webhooks/").status_code == 403


def test_a_delivery_is_signed_retried_after_a_500_and_never_sent_twice(
    app: Flask, client: FlaskClient, office: Office, receiver: Receiver
):
    login(client, office.admin)
    assert subscribe(client, receiver.url, "ticket.reported", "ticket.moved").status_code == 302
    api = Api(app.test_client(), token_for(app, office.clerk))
    created = api.post("/api/v1/tickets", json={
        "title": "Hours without a project code", "description": "Invoice run refused them.",
        "handoff_id": office.handoff_id, "category_id": office.category_id,
    })  # fmt: skip
    number = created.get_json()["number"]
    receiver.answers = [500]

    assert deliver(app) == {"delivered": 0, "failed": 1}
    assert deliver(app) == {"delivered": 0, "failed": 0}  # not due yet: back-off
    assert deliver(app, timedelta(minutes=2)) == {"delivered": 1, "failed": 0}
    assert deliver(app, timedelta(hours=1)) == {"delivered": 0, "failed": 0}

    first, second = receiver.received
    assert first.headers["X-Webhook-Id"] == second.headers["X-Webhook-Id"]  # one event, retried
    assert second.signed_by(secret_of(app)) and not second.signed_by("another secret")
    assert second.json["event"] == "ticket.reported"
    assert second.json["data"]["ticket"]["number"] == number
    assert deliveries(app) == [("ticket.reported", "delivered", 2)]


def test_a_tickets_events_arrive_in_order(
    app: Flask, client: FlaskClient, office: Office, receiver: Receiver, reported_ticket: str
):
    login(client, office.admin)
    subscribe(client, receiver.url, "ticket.moved", "ticket.commented")
    api = Api(app.test_client(), token_for(app, office.coordinator))
    base = f"/api/v1/tickets/{reported_ticket}"
    api.post(f"{base}/comments", json={"body": "Looking into it"})
    api.post(f"{base}/actions/assign", json={"owner_id": office.owner_id})
    receiver.answers = [503]

    deliver(app)  # the comment fails; the move must wait behind it
    assert [r.json["event"] for r in receiver.received] == ["ticket.commented"]
    deliver(app, timedelta(minutes=2))  # the comment, at last
    deliver(app, timedelta(minutes=2))  # now the move

    events = [r.json["event"] for r in receiver.received]
    assert events == ["ticket.commented", "ticket.commented", "ticket.moved"]
    assert receiver.received[-1].json["data"]["new"] == "assigned"


def test_the_delivery_log_shows_each_delivery_and_sends_one_again(
    app: Flask, client: FlaskClient, office: Office, receiver: Receiver
):
    login(client, office.admin)
    subscribe(client, receiver.url, "review.published")
    from backoffice.meetings.commands import publish_agenda
    from backoffice.meetings.schedule import ensure_reviews
    from tests.helpers import stored_user

    with app.app_context():
        ensure_reviews()
        review = db.session.scalars(select(QuarterlyReview)).first()
        publish_agenda(review, stored_user(app, office.coordinator))
    deliver(app)
    page = client.get("/admin/webhooks/").get_data(as_text=True)
    assert "Review agenda published" in page and "delivered" in page
    with app.app_context():
        delivery_id = db.session.scalar(select(WebhookDelivery.id))

    submit(client, f"/admin/webhooks/deliveries/{delivery_id}/redeliver", form_url="/admin/webhooks/")  # fmt: skip
    deliver(app)

    assert [r.json["event"] for r in receiver.received] == ["review.published"] * 2
    assert deliveries(app) == [("review.published", DeliveryStatus.DELIVERED.value, 1)]


def test_a_breached_deadline_is_announced(
    app: Flask, client: FlaskClient, office: Office, receiver: Receiver, reported_ticket: str
):
    from backoffice.agreements.sla_state import set_state
    from backoffice.tickets.models import SlaState, Ticket

    login(client, office.admin)
    subscribe(client, receiver.url, "ticket.deadline_at_risk", "ticket.deadline_breached")
    with app.app_context():
        ticket = db.session.scalar(select(Ticket).where(Ticket.number == reported_ticket))
        set_state(ticket, SlaState.AT_RISK, utcnow())
        set_state(ticket, SlaState.BREACHED, utcnow())
        db.session.commit()
    deliver(app)
    deliver(app)
    assert [r.json["event"] for r in receiver.received] == [
        "ticket.deadline_at_risk", "ticket.deadline_breached",
    ]  # fmt: skip


def test_a_name_that_turns_internal_after_the_check_gets_nothing(
    app: Flask, client: FlaskClient, office: Office, monkeypatch: pytest.MonkeyPatch
):
    """DNS rebinding: public when the subscription is saved, loopback when delivering."""
    import socket

    found, server = start_receiver()
    port = int(found.url.rsplit(":", 1)[1].split("/")[0])
    resolves_to = ["93.184.216.34"]

    def fake_getaddrinfo(host, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (resolves_to[0], port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    try:
        login(client, office.admin)
        assert subscribe(client, f"http://hooks.example.org:{port}/in", "ticket.commented").status_code == 302  # fmt: skip
        Api(app.test_client(), token_for(app, office.clerk))
        with app.app_context():
            from backoffice.webhooks.models import WebhookEvent
            from backoffice.webhooks.queue import queue_event

            queue_event(WebhookEvent.TICKET_COMMENTED, "ticket:x", lambda: {})
            db.session.commit()
        resolves_to[0] = "127.0.0.1"

        assert deliver(app) == {"delivered": 0, "failed": 1}
    finally:
        server.shutdown()
    assert found.received == []
    with app.app_context():
        error = db.session.scalar(select(WebhookDelivery.last_error))
    assert "private or local networks" in error


def test_the_delivery_connects_to_the_address_it_checked(
    app: Flask, client: FlaskClient, office: Office, monkeypatch: pytest.MonkeyPatch
):
    """DNS rebinding between the check and the connection: the connection is pinned."""
    import ipaddress
    import socket

    real_getaddrinfo = socket.getaddrinfo
    found, server = start_receiver()
    port = int(found.url.rsplit(":", 1)[1].split("/")[0])
    answers = iter(["192.0.2.1", "192.0.2.1"])  # save, delivery check; then loopback

    def fake_getaddrinfo(host, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        try:
            ipaddress.ip_address(host)
            return real_getaddrinfo(host, *args, **kwargs)
        except ValueError:
            address = next(answers, "127.0.0.1")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr("backoffice.webhooks.targets._is_public", lambda address: True)
    monkeypatch.setitem(app.config, "WEBHOOK_TIMEOUT_SECONDS", 1)
    try:
        login(client, office.admin)
        subscribe(client, f"http://hooks.example.org:{port}/in", "ticket.commented")
        with app.app_context():
            from backoffice.webhooks.models import WebhookEvent
            from backoffice.webhooks.queue import queue_event

            queue_event(WebhookEvent.TICKET_COMMENTED, "ticket:x", lambda: {})
            db.session.commit()
        assert deliver(app) == {"delivered": 0, "failed": 1}  # 192.0.2.1 answers nothing
    finally:
        server.shutdown()
    assert found.received == []  # never the loopback receiver a later lookup would name
