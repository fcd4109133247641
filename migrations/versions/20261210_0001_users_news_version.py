"""users: news_version, the version of the menu badge

Moves, in the same transaction, with everything that may change a user's
badge (news on an own signal, a signal read, a signal deleted), so each web
process keeps the badge's count per user and counts again only when it moved.

Revision ID: 20261210_0001
Revises: 20261209_0001
Create Date: 2026-12-10 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261210_0001"
down_revision = "20261209_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("news_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("news_version")
