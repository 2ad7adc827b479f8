"""effectiveness checks: a resolution's preventive action (or why there is none), the check
interval per defect category, and the checks themselves

Revision ID: 20261202_effectiveness
Revises: 20261201_saved_views
Create Date: 2026-12-02 09:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "20261202_effectiveness"
down_revision = "20261201_saved_views"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "no_prevention_reason", sa.String(length=20), server_default="", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("no_prevention_note", sa.Text(), server_default="", nullable=False)
        )
    with op.batch_alter_table("pick_list_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("check_after_days", sa.Integer(), nullable=True))
    op.create_table(
        "effectiveness_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("preventive_action", sa.Text(), nullable=False),
        sa.Column("recorded_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("span_days", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("recurrence_count", sa.Integer(), nullable=True),
        sa.Column("verdict_note", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("follow_up_ticket_id", sa.Integer(), nullable=True),
        sa.Column("notified_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_effectiveness_checks_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_ticket_id"],
            ["tickets.id"],
            name=op.f("fk_effectiveness_checks_follow_up_ticket_id_tickets"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_effectiveness_checks_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_effectiveness_checks")),
    )
    with op.batch_alter_table("effectiveness_checks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_effectiveness_checks_state_due_date", ["state", "due_date"], unique=False
        )
        batch_op.create_index(
            "ix_effectiveness_checks_due_date_state", ["due_date", "state"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_effectiveness_checks_ticket_id"), ["ticket_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_effectiveness_checks_follow_up_ticket_id"),
            ["follow_up_ticket_id"],
            unique=False,
        )
    # Recurrences: tickets on a handoff with the same category or root cause, by report time.
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tickets_handoff_id_category_id_created_dt",
            ["handoff_id", "category_id", "created_dt"],
            unique=False,
        )
        batch_op.create_index(
            "ix_tickets_handoff_id_root_cause_id_created_dt",
            ["handoff_id", "root_cause_id", "created_dt"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_handoff_id_root_cause_id_created_dt")
        batch_op.drop_index("ix_tickets_handoff_id_category_id_created_dt")
    with op.batch_alter_table("effectiveness_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_effectiveness_checks_follow_up_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_effectiveness_checks_ticket_id"))
        batch_op.drop_index("ix_effectiveness_checks_due_date_state")
        batch_op.drop_index("ix_effectiveness_checks_state_due_date")
    op.drop_table("effectiveness_checks")
    with op.batch_alter_table("pick_list_items", schema=None) as batch_op:
        batch_op.drop_column("check_after_days")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_column("no_prevention_note")
        batch_op.drop_column("no_prevention_reason")
