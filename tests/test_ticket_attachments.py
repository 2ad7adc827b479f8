"""Attachments live in the database: stored with their ticket event, listed without their
bytes, streamed out in chunks, and moved there from the disk of an older install."""

from __future__ import annotations

import io
import os
from pathlib import Path

import flask_migrate
import pytest
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask.testing import FlaskClient
from sqlalchemy import select

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.models import utcnow
from backoffice.tickets.attachments import CHUNK_BYTES
from backoffice.tickets.models import Attachment, Status, Ticket
from tests.helpers import csrf_token, login
from tests.office import Office
from tests.ticket_steps import office_ticket

MIGRATION = "20261201_attachment_data"


def _upload(client: FlaskClient, number: str, name: str, content: bytes) -> int:
    token = csrf_token(client, f"/tickets/{number}")
    response = client.post(
        f"/tickets/{number}/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.scalar(select(Attachment.id).order_by(Attachment.id.desc()).limit(1))


def test_a_large_file_comes_back_identical_in_chunks(
    app: Flask, client: FlaskClient, office: Office
) -> None:
    number = office_ticket(app, office, Status.NEW)
    content = os.urandom(2 * CHUNK_BYTES + 12345)  # three chunks, the last one short
    login(client, office.clerk)
    with app.app_context():
        attachment_id = _upload(client, number, "Stundenzettel März.pdf", content)

    response = client.get(f"/attachments/{attachment_id}", buffered=False)
    chunks = list(response.response)
    assert response.status_code == 200 and response.is_streamed
    assert [len(c) for c in chunks] == [CHUNK_BYTES, CHUNK_BYTES, 12345]
    assert b"".join(chunks) == content
    assert response.headers["Content-Length"] == str(len(content))
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=Stundenzettel_Marz.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_the_ticket_page_lists_attachments_without_their_bytes(
    app: Flask, client: FlaskClient, office: Office, statement_counter
) -> None:
    number = office_ticket(app, office, Status.NEW)
    login(client, office.clerk)
    with app.app_context():
        _upload(client, number, "hours.csv", b"week;hours\n15;38\n" * 1000)
    with statement_counter() as log:
        html = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "hours.csv" in html
    assert not [s for s in log.statements if "attachments.data" in s], log


def _previous_revision() -> str:
    config = current_app.extensions["migrate"].migrate.get_config()
    revision = ScriptDirectory.from_config(config).get_revision(MIGRATION)
    return revision.down_revision


def test_the_migration_moves_files_from_disk_into_the_database(
    app: Flask, client: FlaskClient, office: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    number = office_ticket(app, office, Status.NEW)
    directory = Path(app.config["ATTACHMENT_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "a1b2c3").write_bytes(b"%PDF-1.4 approved hours")
    with app.app_context():
        ticket_id = db.session.scalar(select(Ticket.id).where(Ticket.number == number))
        clerk_id = db.session.scalar(select(User.id).where(User.email == office.clerk))
        # On PostgreSQL an open read of users would block the downgrade's ALTER TABLE users.
        db.session.rollback()
        flask_migrate.downgrade(revision=_previous_revision())
        try:
            # Two rows as the previous release stored them: one file on disk, one lost.
            for attachment_id, key in ((1, "a1b2c3"), (2, "d4e5f6")):
                columns = Attachment.__table__.c
                row = {
                    "id": attachment_id,
                    "ticket_id": ticket_id,
                    "uploader_id": clerk_id,
                    "filename": f"hours-{attachment_id}.pdf",
                    "content_type": "application/pdf",
                    "size_bytes": 23,
                    "storage_key": key,
                    "created_dt": utcnow(),
                }
                db.session.execute(
                    Attachment.__table__.insert().values({columns[k]: v for k, v in row.items()})
                )
            db.session.commit()
            capsys.readouterr()
            flask_migrate.upgrade()
            told = capsys.readouterr().err  # what the operator running the upgrade reads
        finally:
            db.session.rollback()
            flask_migrate.upgrade()  # the next tests need the schema at head
    assert "attachment 2" in told and "d4e5f6 is missing" in told

    (directory / "a1b2c3").unlink()  # from now on, nothing is read from the disk
    login(client, office.clerk)
    moved = client.get("/attachments/1")
    assert moved.status_code == 200 and moved.data == b"%PDF-1.4 approved hours"
    assert client.get("/attachments/2").status_code == 404  # the lost file: a clear 404
    html = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "hours-1.pdf" in html and "hours-2.pdf" in html
