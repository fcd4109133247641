"""dashboards: signal counts per month, precomputed (fast cold dashboards)

`dashboard_counts` holds the submitted signals per month per dimension
(theme, wijk, organisation, ...), rebuilt by a background task; the single row
of `dashboard_count_state` keeps the fingerprint of the data it was built
from. Empty at first: the dashboards count live until the first rebuild.
On SQLite the counts are a WITHOUT ROWID table (kept in key order, so a
dimension's months are read from the key alone). The days at the edges of a
window are counted live, through a new index on signals.submitted_at.

Revision ID: 20261206_0001
Revises: 20261205_0001
Create Date: 2026-12-06 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261206_0001"
down_revision = "20261205_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "dashboard_counts",
        sa.Column("dim", sa.String(length=16), nullable=False),
        sa.Column("k1", sa.Integer(), nullable=False),
        sa.Column("k2", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "dim", "k1", "k2", "month", name=op.f("pk_dashboard_counts")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "dashboard_count_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.String(length=200), nullable=False),
        sa.Column("built_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashboard_count_state")),
    )
    op.create_index("ix_signals_submitted_at", "signals", ["submitted_at"])


def downgrade():
    op.drop_index("ix_signals_submitted_at", table_name="signals")
    op.drop_table("dashboard_count_state")
    op.drop_table("dashboard_counts")
