"""exports: the worker running an export (host:pid) and its number of attempts

Exports run in a task-queue worker; a run whose worker died is retried once
and then marked failed.

Revision ID: 20261201_0001
Revises: 20261130_0001
Create Date: 2026-12-01 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261201_0001"
down_revision = "20261130_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("export_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("runner", sa.String(length=120), nullable=True))
        batch_op.add_column(
            sa.Column("attempts", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("export_runs", schema=None) as batch_op:
        batch_op.drop_column("attempts")
        batch_op.drop_column("runner")
