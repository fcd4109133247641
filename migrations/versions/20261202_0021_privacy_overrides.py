"""privacy: findings a worker marked "geen persoonsgegeven", until a
coordinator confirms or masks them (field, kind and offsets; never the value)

Revision ID: 20261202_0021
Revises: 20261201_0002
Create Date: 2026-12-02 12:00:00

"""

import sqlalchemy as sa
from alembic import op

from signalen.database import UTCDateTime

revision = "20261202_0021"
down_revision = "20261201_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "privacy_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.String(length=20), nullable=True),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_privacy_overrides_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_privacy_overrides_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["users.id"],
            name=op.f("fk_privacy_overrides_resolved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_overrides")),
    )
    op.create_index(
        op.f("ix_privacy_overrides_signal_id"),
        "privacy_overrides",
        ["signal_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(
        op.f("ix_privacy_overrides_signal_id"), table_name="privacy_overrides"
    )
    op.drop_table("privacy_overrides")
