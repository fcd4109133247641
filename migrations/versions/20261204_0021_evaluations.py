"""followup: the yearly evaluation of a bundle's priorities, and its verdicts

Revision ID: 20261204_0021
Revises: 20261204_0011
Create Date: 2026-12-04 12:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261204_0021"
down_revision = "20261204_0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("reminded_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bundle_id"],
            ["bundles.id"],
            name=op.f("fk_evaluations_bundle_id_bundles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_evaluations_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")),
        sa.UniqueConstraint(
            "bundle_id", "year", name=op.f("uq_evaluations_bundle_id_year")
        ),
    )
    op.create_index(op.f("ix_evaluations_bundle_id"), "evaluations", ["bundle_id"])
    op.create_index(op.f("ix_evaluations_due_date"), "evaluations", ["due_date"])
    op.create_table(
        "evaluation_verdicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("bundle_item_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_evaluation_verdicts_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["bundle_item_id"],
            ["bundle_items.id"],
            name=op.f("fk_evaluation_verdicts_bundle_item_id_bundle_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluations.id"],
            name=op.f("fk_evaluation_verdicts_evaluation_id_evaluations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_verdicts")),
    )
    op.create_index(
        op.f("ix_evaluation_verdicts_evaluation_id"),
        "evaluation_verdicts",
        ["evaluation_id"],
    )
    op.create_index(
        op.f("ix_evaluation_verdicts_bundle_item_id"),
        "evaluation_verdicts",
        ["bundle_item_id"],
    )


def downgrade():
    op.drop_index(
        op.f("ix_evaluation_verdicts_bundle_item_id"), table_name="evaluation_verdicts"
    )
    op.drop_index(
        op.f("ix_evaluation_verdicts_evaluation_id"), table_name="evaluation_verdicts"
    )
    op.drop_table("evaluation_verdicts")
    op.drop_index(op.f("ix_evaluations_due_date"), table_name="evaluations")
    op.drop_index(op.f("ix_evaluations_bundle_id"), table_name="evaluations")
    op.drop_table("evaluations")
