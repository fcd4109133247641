"""api: request counts shared by every web process

`rate_counters` holds the API's fixed-window request count per token and
window (one atomic upsert per request), so the limit holds across gunicorn
workers; rows of ended windows are deleted by a scheduled job.

Revision ID: 20261208_0001
Revises: 20261207_0001
Create Date: 2026-12-08 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261208_0001"
down_revision = "20261207_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("window_number", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_number", name=op.f("pk_rate_counters")),
    )
    op.create_index(
        op.f("ix_rate_counters_expires_at"), "rate_counters", ["expires_at"]
    )


def downgrade():
    op.drop_index(op.f("ix_rate_counters_expires_at"), table_name="rate_counters")
    op.drop_table("rate_counters")
