"""ticket list indexes: status+severity+created, status+due date

Revision ID: 0006_list_indexes
Revises: 0004_agreements
Create Date: 2026-11-25 22:56:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0006_list_indexes"
down_revision = "0004_agreements"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tickets_status_severity_created_dt",
            ["status", "severity", "created_dt"],
            unique=False,
        )
        batch_op.create_index("ix_tickets_status_due_date", ["status", "due_date"], unique=False)


def downgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_status_due_date")
        batch_op.drop_index("ix_tickets_status_severity_created_dt")
