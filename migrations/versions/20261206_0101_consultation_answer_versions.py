"""consultation answers keep their earlier versions: original_id, superseded_at

Revision ID: 20261206_0101
Revises: 20261206_0001
Create Date: 2026-12-06 12:00:00

"""

import sqlalchemy as sa
from alembic import op

import signalen.database

# revision identifiers, used by Alembic.
revision = "20261206_0101"
down_revision = "20261206_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("consultation_answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("original_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("superseded_at", signalen.database.UTCDateTime(), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_consultation_answers_original_id"),
            ["original_id"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_consultation_answers_original_id_consultation_answers"),
            "consultation_answers",
            ["original_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade():
    with op.batch_alter_table("consultation_answers", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_consultation_answers_original_id_consultation_answers"),
            type_="foreignkey",
        )
        batch_op.drop_index(batch_op.f("ix_consultation_answers_original_id"))
        batch_op.drop_column("superseded_at")
        batch_op.drop_column("original_id")
