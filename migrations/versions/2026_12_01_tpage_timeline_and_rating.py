"""timeline entries per action, system-made events, "Is the defect gone?"

`ticket_events.action_id` groups the events one command wrote in one transaction (the
timeline shows them as one entry); `ticket_events.is_system` marks what the system wrote
(recomputed due times). The due times already recorded were all written by the
agreements feature, so they are marked as system-made. `tickets.defect_gone` holds the
reporter's answer when closing.

Revision ID: 20261201_timeline
Revises: 20261201_sessions
Create Date: 2026-12-01 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "20261201_timeline"
down_revision = "20261201_sessions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ticket_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("action_id", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("is_system", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("defect_gone", sa.Boolean(), nullable=True))
    events = sa.table("ticket_events", sa.column("field"), sa.column("is_system"))
    op.execute(
        events.update()
        .where(events.c.field.in_(["response_due_dt", "resolution_due_dt"]))
        .values(is_system=True)
    )


def downgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_column("defect_gone")
    with op.batch_alter_table("ticket_events", schema=None) as batch_op:
        batch_op.drop_column("is_system")
        batch_op.drop_column("action_id")
