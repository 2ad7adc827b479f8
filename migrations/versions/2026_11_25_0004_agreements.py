"""service agreements: calendars, closing days, services, agreements; deadline columns on tickets

Revision ID: 0004_agreements
Revises: 0003_meetings
Create Date: 2026-11-25 21:57:43.608472

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_agreements"
down_revision = "0003_meetings"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "business_calendars",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("working_days", sa.String(length=20), nullable=False),
        sa.Column("day_start", sa.Time(), nullable=False),
        sa.Column("day_end", sa.Time(), nullable=False),
        sa.Column("holiday_country", sa.String(length=2), nullable=False),
        sa.Column("holiday_subdiv", sa.String(length=10), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["function_id"],
            ["functions.id"],
            name=op.f("fk_business_calendars_function_id_functions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_calendars")),
        sa.UniqueConstraint("function_id", name=op.f("uq_business_calendars_function_id")),
    )
    with op.batch_alter_table("business_calendars", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_business_calendars_created_dt"), ["created_dt"], unique=False
        )

    op.create_table(
        "services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_function_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_function_id"],
            ["functions.id"],
            name=op.f("fk_services_provider_function_id_functions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_services")),
        sa.UniqueConstraint(
            "provider_function_id", "name", name=op.f("uq_services_provider_function_id_name")
        ),
    )
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_services_created_dt"), ["created_dt"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_services_provider_function_id"), ["provider_function_id"], unique=False
        )

    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column(
            "severity",
            sa.Enum(
                "low", "medium", "high", "critical", name="severity", native_enum=False, length=20
            ),
            nullable=True,
        ),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("response_amount", sa.Integer(), nullable=False),
        sa.Column(
            "response_unit",
            sa.Enum("hours", "days", "same_day", name="targetunit", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("resolution_amount", sa.Integer(), nullable=False),
        sa.Column(
            "resolution_unit",
            sa.Enum("hours", "days", "same_day", name="targetunit", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["pick_list_items.id"],
            name=op.f("fk_agreements_category_id_pick_list_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_agreements_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
    )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreements_created_dt"), ["created_dt"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreements_service_id"), ["service_id"], unique=False)

    op.create_table(
        "closing_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("calendar_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["business_calendars.id"],
            name=op.f("fk_closing_days_calendar_id_business_calendars"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closing_days")),
        sa.UniqueConstraint("calendar_id", "day", name=op.f("uq_closing_days_calendar_id_day")),
    )
    op.create_table(
        "service_handoffs",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["handoff_id"],
            ["handoffs.id"],
            name=op.f("fk_service_handoffs_handoff_id_handoffs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_service_handoffs_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "handoff_id", name=op.f("pk_service_handoffs")),
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agreement_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("response_target_s", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolution_target_s", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("response_due_dt", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("resolution_due_dt", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("sla_risk_dt", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("first_response_dt", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("waiting_since_dt", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("paused_s", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("response_s", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolution_s", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "sla_state",
                sa.Enum(
                    "none",
                    "ok",
                    "at_risk",
                    "breached",
                    "met",
                    name="slastate",
                    native_enum=False,
                    length=20,
                ),
                nullable=False,
                server_default="none",  # existing tickets: no agreement until recomputed
            )
        )
        batch_op.add_column(sa.Column("sla_outcome_dt", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_tickets_agreement_id"), ["agreement_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_tickets_resolution_due_dt"), ["resolution_due_dt"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_tickets_response_due_dt"), ["response_due_dt"], unique=False
        )
        batch_op.create_index(
            "ix_tickets_sla_state_sla_outcome_dt",
            ["sla_state", "sla_outcome_dt", "agreement_id"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_tickets_agreement_id_agreements"),
            "agreements",
            ["agreement_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_tickets_agreement_id_agreements"), type_="foreignkey"
        )
        batch_op.drop_index("ix_tickets_sla_state_sla_outcome_dt")
        batch_op.drop_index(batch_op.f("ix_tickets_response_due_dt"))
        batch_op.drop_index(batch_op.f("ix_tickets_resolution_due_dt"))
        batch_op.drop_index(batch_op.f("ix_tickets_agreement_id"))
        batch_op.drop_column("sla_outcome_dt")
        batch_op.drop_column("sla_state")
        batch_op.drop_column("resolution_s")
        batch_op.drop_column("response_s")
        batch_op.drop_column("paused_s")
        batch_op.drop_column("waiting_since_dt")
        batch_op.drop_column("first_response_dt")
        batch_op.drop_column("sla_risk_dt")
        batch_op.drop_column("resolution_due_dt")
        batch_op.drop_column("response_due_dt")
        batch_op.drop_column("resolution_target_s")
        batch_op.drop_column("response_target_s")
        batch_op.drop_column("agreement_id")

    op.drop_table("service_handoffs")
    op.drop_table("closing_days")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreements_service_id"))
        batch_op.drop_index(batch_op.f("ix_agreements_created_dt"))

    op.drop_table("agreements")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_services_provider_function_id"))
        batch_op.drop_index(batch_op.f("ix_services_created_dt"))

    op.drop_table("services")
    with op.batch_alter_table("business_calendars", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_business_calendars_created_dt"))

    op.drop_table("business_calendars")
