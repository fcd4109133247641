"""notifications: what each user has seen of a signal ("seen up to")

One row per user and signal with the last signal event the user saw; the
badge counts newer events of the kinds that matter to the signal's giver.

Revision ID: 20261202_0002
Revises: 20261202_0011
Create Date: 2026-12-02 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_0002"
down_revision = "20261202_0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "signal_seen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("seen_event_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_signal_seen_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_signal_seen_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_seen")),
        sa.UniqueConstraint(
            "user_id", "signal_id", name=op.f("uq_signal_seen_user_id_signal_id")
        ),
    )
    op.create_index(
        op.f("ix_signal_seen_signal_id"), "signal_seen", ["signal_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_signal_seen_signal_id"), table_name="signal_seen")
    op.drop_table("signal_seen")
