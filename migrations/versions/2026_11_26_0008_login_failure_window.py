"""users: when the last sign-in failed, so failures expire after a quiet window

Revision ID: 0008_login_failure_window
Revises: 0007_ticket_indexes
Create Date: 2026-11-26 01:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008_login_failure_window"
down_revision = "0007_ticket_indexes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_failed_login_dt", sa.DateTime(timezone=True)))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("last_failed_login_dt")
