"""surveys: rounds, invitations (the answered-marks), anonymous answers, results, profiles

Revision ID: 20261202_surveys
Revises: 20261202_effectiveness
Create Date: 2026-12-01 13:00:55.305558

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "20261202_surveys"
down_revision = "20261202_effectiveness"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "function_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("does", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["function_id"],
            ["functions.id"],
            name=op.f("fk_function_profiles_function_id_functions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_function_profiles")),
        sa.UniqueConstraint("function_id", name=op.f("uq_function_profiles_function_id")),
    )
    with op.batch_alter_table("function_profiles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_function_profiles_created_dt"), ["created_dt"], unique=False
        )

    op.create_table(
        "profile_boundaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("task", sa.String(length=300), nullable=False),
        sa.Column("instead_function_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["instead_function_id"],
            ["functions.id"],
            name=op.f("fk_profile_boundaries_instead_function_id_functions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["function_profiles.id"],
            name=op.f("fk_profile_boundaries_profile_id_function_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_boundaries")),
    )
    with op.batch_alter_table("profile_boundaries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_profile_boundaries_profile_id"), ["profile_id"], unique=False
        )

    op.create_table(
        "survey_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("text_en", sa.String(length=300), nullable=False),
        sa.Column("text_de", sa.String(length=300), nullable=False),
        sa.Column("text_nl", sa.String(length=300), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_survey_questions_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_questions")),
        sa.UniqueConstraint(
            "service_id", "position", name=op.f("uq_survey_questions_service_id_position")
        ),
    )
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_questions_created_dt"), ["created_dt"], unique=False
        )

    op.create_table(
        "survey_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=True),
        sa.Column("opens_date", sa.Date(), nullable=False),
        sa.Column("closes_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("planned", "open", "closed", name="roundstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("opened_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("planned_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["planned_by_id"],
            ["users.id"],
            name=op.f("fk_survey_rounds_planned_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_rounds")),
        sa.UniqueConstraint("quarter", name=op.f("uq_survey_rounds_quarter")),
    )
    with op.batch_alter_table("survey_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_rounds_closed_dt"), ["closed_dt"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_survey_rounds_closes_date"), ["closes_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_rounds_created_dt"), ["created_dt"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_survey_rounds_status"), ["status"], unique=False)

    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("is_provider", sa.Boolean(), nullable=False),
        sa.Column("overall", sa.SmallInteger(), nullable=False),
        sa.Column("reliability", sa.SmallInteger(), nullable=False),
        sa.Column("speed", sa.SmallInteger(), nullable=False),
        sa.Column("communication", sa.SmallInteger(), nullable=False),
        sa.Column("understanding", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["survey_rounds.id"],
            name=op.f("fk_survey_answers_round_id_survey_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_survey_answers_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers")),
    )
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_answers_round_id"), ["round_id"], unique=False)

    op.create_table(
        "survey_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_by_hand", sa.Boolean(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("previous_token_hash", sa.String(length=64), nullable=True),
        sa.Column("expires_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("has_answered", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["survey_rounds.id"],
            name=op.f("fk_survey_invitations_round_id_survey_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_survey_invitations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_invitations")),
        sa.UniqueConstraint(
            "round_id", "user_id", name=op.f("uq_survey_invitations_round_id_user_id")
        ),
        sa.UniqueConstraint("token_hash", name=op.f("uq_survey_invitations_token_hash")),
    )
    with op.batch_alter_table("survey_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_invitations_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "survey_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=20), nullable=False),
        sa.Column("is_provider", sa.Boolean(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("mean", sa.Numeric(precision=4, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["survey_rounds.id"],
            name=op.f("fk_survey_results_round_id_survey_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_survey_results_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_results")),
        sa.UniqueConstraint(
            "round_id",
            "service_id",
            "question",
            "is_provider",
            name=op.f("uq_survey_results_round_id_service_id_question_is_provider"),
        ),
    )
    with op.batch_alter_table("survey_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_results_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "survey_round_services",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["survey_rounds.id"],
            name=op.f("fk_survey_round_services_round_id_survey_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_survey_round_services_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "service_id", name=op.f("pk_survey_round_services")),
    )
    op.create_table(
        "survey_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("keep", "change", "expectation", name="textkind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sort_key", sa.Integer(), nullable=False),
        sa.Column("is_selected", sa.Boolean(), nullable=False),
        sa.Column("follow_up", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["survey_rounds.id"],
            name=op.f("fk_survey_texts_round_id_survey_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_survey_texts_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_texts")),
    )
    with op.batch_alter_table("survey_texts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_texts_round_id"), ["round_id"], unique=False)

    op.create_table(
        "survey_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["survey_answers.id"],
            name=op.f("fk_survey_scores_answer_id_survey_answers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_questions.id"],
            name=op.f("fk_survey_scores_question_id_survey_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_scores")),
    )
    with op.batch_alter_table("survey_scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_scores_answer_id"), ["answer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_survey_scores_question_id"), ["question_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("survey_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_scores_question_id"))
        batch_op.drop_index(batch_op.f("ix_survey_scores_answer_id"))

    op.drop_table("survey_scores")
    with op.batch_alter_table("survey_texts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_texts_round_id"))

    op.drop_table("survey_texts")
    op.drop_table("survey_round_services")
    with op.batch_alter_table("survey_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_results_service_id"))

    op.drop_table("survey_results")
    with op.batch_alter_table("survey_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_invitations_user_id"))

    op.drop_table("survey_invitations")
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_answers_round_id"))

    op.drop_table("survey_answers")
    with op.batch_alter_table("survey_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_rounds_status"))
        batch_op.drop_index(batch_op.f("ix_survey_rounds_created_dt"))
        batch_op.drop_index(batch_op.f("ix_survey_rounds_closes_date"))
        batch_op.drop_index(batch_op.f("ix_survey_rounds_closed_dt"))

    op.drop_table("survey_rounds")
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_questions_created_dt"))

    op.drop_table("survey_questions")
    with op.batch_alter_table("profile_boundaries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profile_boundaries_profile_id"))

    op.drop_table("profile_boundaries")
    with op.batch_alter_table("function_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_function_profiles_created_dt"))

    op.drop_table("function_profiles")
