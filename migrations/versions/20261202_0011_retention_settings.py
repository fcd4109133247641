"""redaction: the beheerder's retention setting for the free text of signals

One row (made on first use): how many months the free text of a signal is
kept; empty means always. A plain new table, so SQLite keeps the full-text
triggers of the signals table.

It also joins the two branches made the same day (the deciding round and the
privacy overrides), so there is one head again.

Revision ID: 20261202_0011
Revises: 20261202_0001, 20261202_0021
Create Date: 2026-12-02 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_0011"
down_revision = ("20261202_0001", "20261202_0021")
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "retention_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("keep_months", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_retention_settings_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_settings")),
    )


def downgrade():
    op.drop_table("retention_settings")
