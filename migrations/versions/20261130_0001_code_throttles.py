"""prioritisation: wrong codes counted per round and per code, not per address

Code tries no longer go into login_attempts (where they counted toward the
account-login limit of the whole network address); the old rows are removed.

Revision ID: 20261130_0001
Revises: 20261123_0008
Create Date: 2026-11-30 12:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261130_0001"
down_revision = "20261123_0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "code_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("window_started_at", sa.DateTime(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["prioritisation_rounds.id"],
            name=op.f("fk_code_throttles_round_id_prioritisation_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_throttles")),
        sa.UniqueConstraint("scope", name=op.f("uq_code_throttles_scope")),
    )
    with op.batch_alter_table("code_throttles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_code_throttles_round_id"), ["round_id"], unique=False
        )
    op.execute("DELETE FROM login_attempts WHERE email = 'prioritering-code'")


def downgrade():
    with op.batch_alter_table("code_throttles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_code_throttles_round_id"))
    op.drop_table("code_throttles")
