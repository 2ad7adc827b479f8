"""ticket indexes: drop due times and severity alone, add resolved time; fillfactor 85

Every index on tickets is written whenever a row changes on PostgreSQL (unless
no indexed column changes: then the update stays on its page, "HOT"), and on
SQLite whenever one of its columns changes. Recomputing 10,000 deadlines after
an agreement change wrote both due-time indexes for every ticket, and neither
index served a query that the status indexes do not already narrow; severity
alone (four values) selects a quarter of the table, which no planner reads
through an index.

The quarterly agenda lists and counts what was resolved since the last review,
and compares two quarters: `resolved_dt` gets the index `created_dt` has.

On PostgreSQL, pages are filled to 85 % from now on, so an update that changes no
indexed column (a recomputed deadline) stays on its page and writes no index
entry. Existing pages keep their fill until the table is rewritten (VACUUM FULL),
which a live database need not do for this.

Revision ID: 0007_ticket_indexes
Revises: 0006_list_indexes
Create Date: 2026-11-26 00:45:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0007_ticket_indexes"
down_revision = "0006_list_indexes"
branch_labels = None
depends_on = None

DROPPED = {
    "ix_tickets_response_due_dt": ["response_due_dt"],
    "ix_tickets_resolution_due_dt": ["resolution_due_dt"],
    "ix_tickets_severity": ["severity"],
}


def upgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        for name in DROPPED:
            batch_op.drop_index(name)
        batch_op.create_index("ix_tickets_resolved_dt", ["resolved_dt"], unique=False)
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER TABLE tickets SET (fillfactor = 85)")


def downgrade():
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER TABLE tickets RESET (fillfactor)")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_resolved_dt")
        for name, columns in DROPPED.items():
            batch_op.create_index(name, columns, unique=False)
