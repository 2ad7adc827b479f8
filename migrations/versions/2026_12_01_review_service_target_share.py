"""services: the target share each service promises to meet (per cent, default 90)

Revision ID: 20261201_target_share
Revises: 20261201_timeline
Create Date: 2026-12-01 12:00:00

Existing services get 90 %, the share the achievement page used to colour green.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "20261201_target_share"
down_revision = "20261201_timeline"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("target_share", sa.Integer(), server_default="90", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("target_share")
