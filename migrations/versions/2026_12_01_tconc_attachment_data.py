"""attachments: the bytes move from ATTACHMENT_DIR on disk into the database

Revision ID: 20261201_attachment_data
Revises: 0008_login_failure_window
Create Date: 2026-12-01 10:00:00

Several app servers share one database but not one disk, so each attachment's bytes
go into `attachments.data` (bytea on PostgreSQL, BLOB on SQLite). The files of an
existing install are read from the directory the setting ATTACHMENT_DIR names (its
only remaining use) and copied into their rows. A file that is missing is logged and
its row left without bytes: downloading it answers 404. The files stay on disk; once
the upgrade is checked, the directory can be archived and removed.
"""

import logging
import os
from pathlib import Path

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "20261201_attachment_data"
down_revision = "0008_login_failure_window"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

attachments = sa.table(
    "attachments",
    sa.column("id", sa.Integer),
    sa.column("storage_key", sa.String),
    sa.column("data", sa.LargeBinary),
)


def _attachment_dir() -> Path:
    """ATTACHMENT_DIR of the app running the migration (Flask-Migrate always has one)."""
    try:
        from flask import current_app

        return Path(current_app.config["ATTACHMENT_DIR"])
    except RuntimeError:  # outside an app: the environment, as config.py reads it
        return Path(os.environ.get("ATTACHMENT_DIR", "instance/attachments"))


def _file_of(directory: Path, key: str) -> Path | None:
    path = directory / key
    if Path(key).name != key or not path.is_file():
        return None
    return path


def upgrade():
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("data", sa.LargeBinary(), nullable=True))
        batch_op.alter_column("storage_key", existing_type=sa.String(length=64), nullable=True)

    bind = op.get_bind()
    directory = _attachment_dir()
    rows = bind.execute(
        sa.select(attachments.c.id, attachments.c.storage_key).where(
            attachments.c.data.is_(None), attachments.c.storage_key.is_not(None)
        )
    ).all()
    moved = 0
    for attachment_id, key in rows:
        path = _file_of(directory, key)
        if path is None:
            log.warning(
                "attachment %s: file %s is missing; the row is kept, its download answers 404",
                attachment_id,
                directory / key,
            )
            continue
        bind.execute(
            attachments.update()
            .where(attachments.c.id == attachment_id)
            .values(data=path.read_bytes())
        )
        moved += 1
    if rows:
        log.info(
            "moved %s of %s attachment files from %s into the database", moved, len(rows), directory
        )


def downgrade():
    """Write the bytes back to ATTACHMENT_DIR (under a new random name where none is known)."""
    import secrets

    bind = op.get_bind()
    directory = _attachment_dir()
    rows = bind.execute(
        sa.select(attachments.c.id, attachments.c.storage_key).where(
            attachments.c.data.is_not(None)
        )
    ).all()
    for attachment_id, key in rows:
        key = key or secrets.token_hex(16)
        directory.mkdir(parents=True, exist_ok=True)
        data = bind.execute(
            sa.select(attachments.c.data).where(attachments.c.id == attachment_id)
        ).scalar_one()
        (directory / key).write_bytes(data)
        bind.execute(
            attachments.update().where(attachments.c.id == attachment_id).values(storage_key=key)
        )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_column("data")
        batch_op.alter_column("storage_key", existing_type=sa.String(length=64), nullable=False)
