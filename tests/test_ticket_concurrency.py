"""People acting on one ticket at the same moment, with real threads on the real database.

Each person is a separate test client, signed in as themselves, who opened the ticket page
first (so all forms carry the same version). A `threading.Barrier` releases their posts
together, and `meet_after_reading` makes each request wait, once it has read and checked
the ticket, until the others have too: every repetition then collides in the window
between reading the ticket and writing it, instead of only by luck.

What must hold: nothing lost, nothing doubled, never a 500. The loser of two moves made
on the same version is told "changed meanwhile" (409) with their text kept; a comment or
an attachment is saved whoever moved the ticket meanwhile.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from backoffice.extensions import db
from backoffice.tickets import attachments, service, workflow
from backoffice.tickets.models import Attachment, Comment, EventKind, Status, Ticket, TicketEvent
from tests.helpers import csrf_token_from_html, input_value, login
from tests.office import Office
from tests.test_agreements import catalogue  # noqa: F401  (fixture)
from tests.ticket_steps import office_ticket

RACES = 8
CHANGED_MEANWHILE = "Someone else changed this ticket while you were editing."


@pytest.fixture
def meet_after_reading(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """`meet_after_reading(n)`: the next `n` ticket commands meet after their checks."""

    def arrange(parties: int) -> None:
        barrier = threading.Barrier(parties)
        seen = threading.local()
        check = workflow.check

        def checked_then_wait(*args, **kwargs) -> None:  # noqa: ANN002, ANN003
            check(*args, **kwargs)
            racing = threading.current_thread() is not threading.main_thread()  # not the factories
            if racing and not getattr(seen, "met", False):  # a retried command does not wait again
                seen.met = True
                with contextlib.suppress(threading.BrokenBarrierError):
                    barrier.wait(timeout=5)

        for module in (workflow, service, attachments):
            monkeypatch.setattr(module, "check", checked_then_wait)

    return arrange


def _signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    login(client, email)
    return client


def _form(client: FlaskClient, number: str) -> dict[str, str]:
    """What the person's open ticket page carries: the CSRF token and the ticket version."""
    html = client.get(f"/tickets/{number}").get_data(as_text=True)
    form = {"csrf_token": csrf_token_from_html(html)}
    if 'name="version"' in html:  # a page with a move on it
        form["version"] = input_value(html, "version") or ""
    return form


def _at_once(*requests: Callable[[], TestResponse]) -> list[TestResponse]:
    barrier = threading.Barrier(len(requests))
    responses: list[TestResponse | None] = [None] * len(requests)

    def run(index: int, request: Callable[[], TestResponse]) -> None:
        barrier.wait(timeout=10)
        responses[index] = request()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(responses), "a request did not finish"
    return responses  # type: ignore[return-value]


def _status_events(app: Flask, number: str, *statuses: Status) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count(TicketEvent.id))
            .join(Ticket, TicketEvent.ticket_id == Ticket.id)
            .where(
                Ticket.number == number,
                TicketEvent.kind == EventKind.STATUS,
                TicketEvent.new_value.in_([s.value for s in statuses]),
            )
        )


def _resolve(client: FlaskClient, number: str, form: dict[str, str], office: Office, text: str):
    data = {
        **form,
        "root_cause_id": office.root_cause_id,
        "corrective_action": text,
        "preventive_action": "Export waits for approval.",
    }
    return lambda: client.post(f"/tickets/{number}/resolve", data=data)


def _reject(client: FlaskClient, number: str, form: dict[str, str], text: str):
    return lambda: client.post(f"/tickets/{number}/reject", data={**form, "reason": text})


def _assert_one_winner(responses: list[TestResponse], texts: list[str]) -> None:
    codes = sorted(r.status_code for r in responses)
    assert codes == [302, 409], codes
    loser, text = next(
        (r, t) for r, t in zip(responses, texts, strict=True) if r.status_code == 409
    )
    html = loser.get_data(as_text=True)
    assert CHANGED_MEANWHILE in html and text in html  # told, and nothing they typed is lost


@pytest.mark.parametrize("coordinators_move", ["reject", "resolve"])
def test_two_moves_on_the_same_version(
    app: Flask, office: Office, meet_after_reading, coordinators_move: str
) -> None:
    """The owner resolves while the coordinator rejects (or resolves too): one wins."""
    owner, coordinator = _signed_in(app, office.owner), _signed_in(app, office.coordinator)
    for race in range(RACES):
        number = office_ticket(app, office, Status.IN_PROGRESS)
        texts = [f"Exported the week again ({race}).", f"Not ours, says the coordinator ({race})."]
        form = _form(coordinator, number)
        if coordinators_move == "reject":
            theirs = _reject(coordinator, number, form, texts[1])
        else:
            theirs = _resolve(coordinator, number, form, office, texts[1])
        meet_after_reading(2)
        responses = _at_once(
            _resolve(owner, number, _form(owner, number), office, texts[0]), theirs
        )
        _assert_one_winner(responses, texts)
        assert _status_events(app, number, Status.RESOLVED, Status.REJECTED) == 1


def _comment(client: FlaskClient, number: str, form: dict[str, str], text: str):
    data = {"csrf_token": form["csrf_token"], "body": text}
    return lambda: client.post(f"/tickets/{number}/comments", data=data)


def _comments_saved(app: Flask, *texts: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Comment.id)).where(Comment.body.in_(texts)))


def _start(client: FlaskClient, number: str, form: dict[str, str]):
    return lambda: client.post(f"/tickets/{number}/start", data=form)


Move = Callable[[FlaskClient, str, int], Callable[[], TestResponse]]


def _comments_against_moves(
    app: Flask, office: Office, meet: Callable[[int], None], commenter: str, mover: str, move: Move
) -> None:
    """Each race: `commenter` comments while `mover` makes `move`; both are saved."""
    commenting, moving = _signed_in(app, commenter), _signed_in(app, mover)
    for race in range(RACES):
        number = office_ticket(app, office, Status.ASSIGNED)
        text = f"Week 15 is missing too ({race})."
        meet(2)
        responses = _at_once(
            _comment(commenting, number, _form(commenting, number), text),
            move(moving, number, race),
        )
        assert [r.status_code for r in responses] == [302, 302]
        assert _comments_saved(app, text) == 1
        with app.app_context():
            ticket = db.session.scalar(select(Ticket).where(Ticket.number == number))
            assert ticket.status != Status.ASSIGNED  # the move is done too


def test_a_comment_is_saved_while_the_owner_starts_work(
    app: Flask, office: Office, meet_after_reading
) -> None:
    _comments_against_moves(
        app, office, meet_after_reading, office.clerk, office.owner,
        lambda owner, number, race: _start(owner, number, _form(owner, number)),
    )  # fmt: skip


def test_the_owners_first_response_is_saved_while_the_coordinator_rejects(
    app: Flask,
    office: Office,
    catalogue,  # noqa: F811  (an agreement: the owner's comment is the first response)
    meet_after_reading,
) -> None:
    _comments_against_moves(
        app, office, meet_after_reading, office.owner, office.coordinator,
        lambda coordinator, number, race: _reject(
            coordinator, number, _form(coordinator, number), f"Not ours ({race})."
        ),
    )  # fmt: skip
    with app.app_context():
        tickets = db.session.scalars(select(Ticket)).all()
        assert all(t.first_response_dt is not None for t in tickets)


def _upload(client: FlaskClient, number: str, form: dict[str, str], name: str, content: bytes):
    def post() -> TestResponse:
        data = {"csrf_token": form["csrf_token"], "file": (io.BytesIO(content), name)}
        return client.post(
            f"/tickets/{number}/attachments", data=data, content_type="multipart/form-data"
        )

    return post


def _attachments_of(app: Flask, number: str) -> Iterator[tuple[str, bytes]]:
    with app.app_context():
        rows = db.session.execute(
            select(Attachment.filename, Attachment.data)
            .join(Ticket, Attachment.ticket_id == Ticket.id)
            .where(Ticket.number == number)
            .order_by(Attachment.filename)
        )
        return [(name, bytes(data)) for name, data in rows]


def test_two_uploads_and_a_move_at_once(app: Flask, office: Office, meet_after_reading) -> None:
    clerk, coordinator = _signed_in(app, office.clerk), _signed_in(app, office.coordinator)
    owner = _signed_in(app, office.owner)
    for race in range(RACES):
        number = office_ticket(app, office, Status.ASSIGNED)
        meet_after_reading(3)
        responses = _at_once(
            _upload(clerk, number, _form(clerk, number), "hours.csv", b"week;hours\n15;38\n"),
            _upload(coordinator, number, _form(coordinator, number), "note.txt", b"race %d" % race),
            _start(owner, number, _form(owner, number)),
        )
        assert [r.status_code for r in responses] == [302, 302, 302]
        assert _attachments_of(app, number) == [
            ("hours.csv", b"week;hours\n15;38\n"),
            ("note.txt", b"race %d" % race),
        ]
        assert _status_events(app, number, Status.IN_PROGRESS) == 1
