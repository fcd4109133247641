"""prioritisation: code salt per round and the device session of a code

Revision ID: 20261123_0004
Revises: 20261123_0001
Create Date: 2026-11-23 05:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261123_0004"
down_revision = "20261123_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("prioritisation_rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code_salt", sa.String(length=32), nullable=True))
    with op.batch_alter_table("round_participants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("code_session", sa.String(length=64), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("round_participants", schema=None) as batch_op:
        batch_op.drop_column("code_session")
    with op.batch_alter_table("prioritisation_rounds", schema=None) as batch_op:
        batch_op.drop_column("code_salt")
