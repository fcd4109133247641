"""digest: per user, the daily e-mail switch and what it already told

Revision ID: 20261204_0011
Revises: 20261204_0001
Create Date: 2026-12-04 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261204_0011"
down_revision = "20261204_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "digest_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("sent_up_to", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_digest_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_settings")),
        sa.UniqueConstraint("user_id", name=op.f("uq_digest_settings_user_id")),
    )


def downgrade():
    op.drop_table("digest_settings")
