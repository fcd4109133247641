"""signals: index (author_id, status) for a worker's own drafts and lists

Every page of a worker shows the period banner, which counts the worker's
drafts; with thousands of own signals that count read them all (2.5 ms at
3,000) instead of the drafts alone.

Revision ID: 20261209_0001
Revises: 20261208_0001
Create Date: 2026-12-09 09:00:00

"""

from alembic import op

revision = "20261209_0001"
down_revision = "20261208_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_signals_author_status", ["author_id", "status"], unique=False
        )


def downgrade():
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.drop_index("ix_signals_author_status")
