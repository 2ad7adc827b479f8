"""quarterly reviews: reviews, attendees, agenda snapshots, minutes, action items, events

Revision ID: 0003_meetings
Revises: 59b8684165fc
Create Date: 2026-11-25 22:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003_meetings"
down_revision = "59b8684165fc"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "quarterly_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("video_url", sa.String(length=500), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned", "held", "cancelled", name="reviewstatus", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("held_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invited_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarterly_reviews")),
        sa.UniqueConstraint("quarter", name=op.f("uq_quarterly_reviews_quarter")),
    )
    with op.batch_alter_table("quarterly_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_quarterly_reviews_created_dt"), ["created_dt"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_quarterly_reviews_starts_at"), ["starts_at"], unique=False
        )

    op.create_table(
        "review_attendees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["quarterly_reviews.id"],
            name=op.f("fk_review_attendees_review_id_quarterly_reviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_review_attendees_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_attendees")),
        sa.UniqueConstraint(
            "review_id", "user_id", name=op.f("uq_review_attendees_review_id_user_id")
        ),
    )
    with op.batch_alter_table("review_attendees", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_attendees_review_id"), ["review_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_review_attendees_user_id"), ["user_id"], unique=False)

    op.create_table(
        "agenda_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_agenda_snapshots_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["quarterly_reviews.id"],
            name=op.f("fk_agenda_snapshots_review_id_quarterly_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_snapshots")),
        sa.UniqueConstraint(
            "review_id", "number", name=op.f("uq_agenda_snapshots_review_id_number")
        ),
    )
    with op.batch_alter_table("agenda_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agenda_snapshots_review_id"), ["review_id"], unique=False
        )

    op.create_table(
        "minute_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=30), nullable=False),
        sa.Column("ticket_number", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_minute_items_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["quarterly_reviews.id"],
            name=op.f("fk_minute_items_review_id_quarterly_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minute_items")),
    )
    with op.batch_alter_table("minute_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minute_items_review_id"), ["review_id"], unique=False)

    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("minute_item_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("open", "done", name="actionstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("done_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["minute_item_id"],
            ["minute_items.id"],
            name=op.f("fk_action_items_minute_item_id_minute_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_action_items_owner_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["quarterly_reviews.id"],
            name=op.f("fk_action_items_review_id_quarterly_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_items_created_dt"), ["created_dt"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_action_items_minute_item_id"), ["minute_item_id"], unique=False
        )
        batch_op.create_index(
            "ix_action_items_owner_id_status", ["owner_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_action_items_review_id"), ["review_id"], unique=False)

    op.create_table(
        "review_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "created",
                "changed",
                "moved",
                "cancelled",
                "published",
                "held",
                name="revieweventkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),  # fmt: skip
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_review_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["quarterly_reviews.id"],
            name=op.f("fk_review_events_review_id_quarterly_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_events")),
    )
    with op.batch_alter_table("review_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_events_review_id"), ["review_id"], unique=False)


def downgrade():
    for table, indexes in (
        ("review_events", ["ix_review_events_review_id"]),
        (
            "action_items",
            [
                "ix_action_items_review_id",
                "ix_action_items_owner_id_status",
                "ix_action_items_minute_item_id",
                "ix_action_items_created_dt",
            ],
        ),
        ("minute_items", ["ix_minute_items_review_id"]),
        ("agenda_snapshots", ["ix_agenda_snapshots_review_id"]),
        ("review_attendees", ["ix_review_attendees_user_id", "ix_review_attendees_review_id"]),
        (
            "quarterly_reviews",
            ["ix_quarterly_reviews_starts_at", "ix_quarterly_reviews_created_dt"],
        ),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for index in indexes:
                batch_op.drop_index(index)
        op.drop_table(table)
