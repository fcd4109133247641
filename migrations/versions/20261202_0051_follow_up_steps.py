"""followup: the city's follow-up of a bundle item, appended step by step

Revision ID: 20261202_0051
Revises: 20261203_0001
Create Date: 2026-12-02 14:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_0051"
down_revision = "20261203_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "follow_up_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_item_id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=160), nullable=True),
        sa.Column("contact_role", sa.String(length=160), nullable=True),
        sa.Column("route", sa.String(length=30), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=True),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("political_status", sa.String(length=30), nullable=True),
        sa.Column("political_date", sa.Date(), nullable=True),
        sa.Column("political_source", sa.String(length=300), nullable=True),
        sa.Column("budget_amount", sa.Integer(), nullable=True),
        sa.Column("budget_year", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("promise", sa.String(length=300), nullable=True),
        sa.Column("promise_due", sa.Date(), nullable=True),
        sa.Column("step_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("unchanged", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_follow_up_steps_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["bundle_item_id"],
            ["bundle_items.id"],
            name=op.f("fk_follow_up_steps_bundle_item_id_bundle_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_steps")),
    )
    for column in ("bundle_item_id", "route", "status", "promise_due"):
        op.create_index(
            op.f(f"ix_follow_up_steps_{column}"), "follow_up_steps", [column]
        )


def downgrade():
    for column in ("bundle_item_id", "route", "status", "promise_due"):
        op.drop_index(
            op.f(f"ix_follow_up_steps_{column}"), table_name="follow_up_steps"
        )
    op.drop_table("follow_up_steps")
