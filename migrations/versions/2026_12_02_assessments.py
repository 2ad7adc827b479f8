"""self-assessments: a versioned criteria catalogue, the toolbox, team assessments with
ratings and evidence files, and development needs

Revision ID: 20261202_assessments
Revises: 20261202_surveys
Create Date: 2026-12-01 12:58:51.097814

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "20261202_assessments"
down_revision = "20261202_surveys"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "assessment_methods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("name_de", sa.String(length=120), nullable=False),
        sa.Column("name_nl", sa.String(length=120), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("description_de", sa.Text(), nullable=False),
        sa.Column("description_nl", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_methods")),
    )
    with op.batch_alter_table("assessment_methods", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_methods_created_dt"), ["created_dt"], unique=False
        )

    op.create_table(
        "assessment_catalogues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_assessment_catalogues_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_catalogues")),
        sa.UniqueConstraint("number", name=op.f("uq_assessment_catalogues_number")),
    )
    op.create_table(
        "assessment_fields",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("catalogue_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("title_de", sa.String(length=200), nullable=False),
        sa.Column("title_nl", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["catalogue_id"],
            ["assessment_catalogues.id"],
            name=op.f("fk_assessment_fields_catalogue_id_assessment_catalogues"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_fields")),
        sa.UniqueConstraint(
            "catalogue_id", "key", name=op.f("uq_assessment_fields_catalogue_id_key")
        ),
    )
    with op.batch_alter_table("assessment_fields", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_fields_catalogue_id"), ["catalogue_id"], unique=False
        )

    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.Column("catalogue_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "completed", name="assessmentstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("draft_of", sa.Integer(), nullable=True),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("completed_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["catalogue_id"],
            ["assessment_catalogues.id"],
            name=op.f("fk_assessments_catalogue_id_assessment_catalogues"),
        ),
        sa.ForeignKeyConstraint(
            ["completed_by_id"],
            ["users.id"],
            name=op.f("fk_assessments_completed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["function_id"],
            ["functions.id"],
            name=op.f("fk_assessments_function_id_functions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["started_by_id"],
            ["users.id"],
            name=op.f("fk_assessments_started_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
        sa.UniqueConstraint("draft_of", name=op.f("uq_assessments_draft_of")),
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessments_catalogue_id"), ["catalogue_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessments_completed_dt"), ["completed_dt"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_assessments_created_dt"), ["created_dt"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_assessments_function_id"), ["function_id"], unique=False
        )

    op.create_table(
        "assessment_criteria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("field_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("statement_en", sa.Text(), nullable=False),
        sa.Column("statement_de", sa.Text(), nullable=False),
        sa.Column("statement_nl", sa.Text(), nullable=False),
        sa.Column("fully_en", sa.Text(), nullable=False),
        sa.Column("fully_de", sa.Text(), nullable=False),
        sa.Column("fully_nl", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["field_id"],
            ["assessment_fields.id"],
            name=op.f("fk_assessment_criteria_field_id_assessment_fields"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_criteria")),
        sa.UniqueConstraint("field_id", "key", name=op.f("uq_assessment_criteria_field_id_key")),
    )
    with op.batch_alter_table("assessment_criteria", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_criteria_field_id"), ["field_id"], unique=False
        )

    op.create_table(
        "assessment_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence_url", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_ratings_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["assessment_criteria.id"],
            name=op.f("fk_assessment_ratings_criterion_id_assessment_criteria"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_ratings")),
        sa.UniqueConstraint(
            "assessment_id",
            "criterion_id",
            name=op.f("uq_assessment_ratings_assessment_id_criterion_id"),
        ),
    )
    with op.batch_alter_table("assessment_ratings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_ratings_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_ratings_criterion_id"), ["criterion_id"], unique=False
        )

    op.create_table(
        "development_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("method_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("open", "done", name="needstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("done_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_development_needs_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_development_needs_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["assessment_criteria.id"],
            name=op.f("fk_development_needs_criterion_id_assessment_criteria"),
        ),
        sa.ForeignKeyConstraint(
            ["method_id"],
            ["assessment_methods.id"],
            name=op.f("fk_development_needs_method_id_assessment_methods"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_development_needs_owner_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_development_needs")),
    )
    with op.batch_alter_table("development_needs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_development_needs_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_development_needs_created_dt"), ["created_dt"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_development_needs_owner_id"), ["owner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_development_needs_status"), ["status"], unique=False)
    op.create_table(
        "assessment_evidence_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("uploader_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["rating_id"],
            ["assessment_ratings.id"],
            name=op.f("fk_assessment_evidence_files_rating_id_assessment_ratings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploader_id"],
            ["users.id"],
            name=op.f("fk_assessment_evidence_files_uploader_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_evidence_files")),
    )
    with op.batch_alter_table("assessment_evidence_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_evidence_files_rating_id"), ["rating_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("assessment_evidence_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_evidence_files_rating_id"))

    op.drop_table("assessment_evidence_files")
    with op.batch_alter_table("development_needs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_development_needs_status"))
        batch_op.drop_index(batch_op.f("ix_development_needs_owner_id"))
        batch_op.drop_index(batch_op.f("ix_development_needs_created_dt"))
        batch_op.drop_index(batch_op.f("ix_development_needs_assessment_id"))

    op.drop_table("development_needs")
    with op.batch_alter_table("assessment_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_ratings_criterion_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_ratings_assessment_id"))

    op.drop_table("assessment_ratings")
    with op.batch_alter_table("assessment_criteria", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_criteria_field_id"))

    op.drop_table("assessment_criteria")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessments_function_id"))
        batch_op.drop_index(batch_op.f("ix_assessments_created_dt"))
        batch_op.drop_index(batch_op.f("ix_assessments_completed_dt"))
        batch_op.drop_index(batch_op.f("ix_assessments_catalogue_id"))

    op.drop_table("assessments")
    with op.batch_alter_table("assessment_fields", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_fields_catalogue_id"))

    op.drop_table("assessment_fields")
    op.drop_table("assessment_catalogues")
    with op.batch_alter_table("assessment_methods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_methods_created_dt"))

    op.drop_table("assessment_methods")
