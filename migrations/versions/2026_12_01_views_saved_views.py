"""saved views: a user's named filters of the ticket list, pinned to My work or published

Revision ID: 20261201_saved_views
Revises: 20261201_target_share
Create Date: 2026-12-01 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "20261201_saved_views"
down_revision = "20261201_target_share"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("query", sa.String(length=2000), nullable=False),
        sa.Column("is_pinned", sa.Boolean(), nullable=False),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_saved_views_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_views")),
        sa.UniqueConstraint("owner_id", "name", name=op.f("uq_saved_views_owner_id_name")),
    )
    with op.batch_alter_table("saved_views", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_views_created_dt"), ["created_dt"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_saved_views_is_published"), ["is_published"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_saved_views_owner_id"), ["owner_id"], unique=False)


def downgrade():
    with op.batch_alter_table("saved_views", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_views_owner_id"))
        batch_op.drop_index(batch_op.f("ix_saved_views_is_published"))
        batch_op.drop_index(batch_op.f("ix_saved_views_created_dt"))
    op.drop_table("saved_views")
