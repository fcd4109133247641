"""signals: index (submitted_at, status) for the inbox's newest/oldest pages

A common search word over all statuses reads the newest (or oldest) signals in
one walk of this index, checking the status in the index itself, instead of
one walk per status (each building the list of matches again).

Revision ID: 20261207_0001
Revises: 20261206_0101
Create Date: 2026-12-07 09:00:00

"""

from alembic import op

revision = "20261207_0001"
down_revision = "20261206_0101"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_signals_submitted_status", ["submitted_at", "status"], unique=False
        )


def downgrade():
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.drop_index("ix_signals_submitted_status")
