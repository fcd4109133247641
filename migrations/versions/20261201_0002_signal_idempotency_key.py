"""signals: an idempotency key per new-signal form, and a stamp of the choice lists

A form sent twice finds the signal its first POST stored (unique index on
signals.idempotency_key). The unique index is added without rebuilding the
signals table, so SQLite keeps its full-text triggers. choice_list_versions
holds one stamp that changes when a beheerder edits a choice list, so the web
processes know when their cached lists are old.

Revision ID: 20261201_0002
Revises: 20261201_0001
Create Date: 2026-12-01 11:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261201_0002"
down_revision = "20261201_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("idempotency_key", sa.String(length=64), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_signals_idempotency_key"), ["idempotency_key"], unique=True
        )
    op.create_table(
        "choice_list_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_choice_list_versions")),
    )
    versions = sa.table("choice_list_versions", sa.column("id"), sa.column("stamp"))
    op.bulk_insert(versions, [{"id": 1, "stamp": 1}])


def downgrade():
    op.drop_table("choice_list_versions")
    op.drop_index(op.f("ix_signals_idempotency_key"), table_name="signals")
    # A plain DROP COLUMN (SQLite 3.35 and later): a batch rebuild of the
    # table would lose its full-text triggers.
    op.drop_column("signals", "idempotency_key")
