"""prioritisation: the deciding round of a bundle

A coordinator marks one round per bundle as the deciding round; its final
choice is the bundle's choice (pages, the workbook, the workers' signals).
A partial unique index keeps it to one per bundle. Existing data keep what
they showed: per bundle, the last closed round with a decision becomes the
deciding round.

Revision ID: 20261202_0001
Revises: 20261201_0002
Create Date: 2026-12-02 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_0001"
down_revision = "20261201_0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("prioritisation_rounds", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "is_deciding", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT r.id, r.bundle_id FROM prioritisation_rounds r "
            "WHERE r.status = 'closed' AND EXISTS "
            "(SELECT 1 FROM priority_decisions d WHERE d.round_id = r.id) "
            "ORDER BY r.bundle_id, r.closed_at, r.id"
        )
    ).all()
    last: dict[int, int] = {}
    for round_id, bundle_id in rows:
        last[bundle_id] = round_id
    rounds = sa.table(
        "prioritisation_rounds", sa.column("id"), sa.column("is_deciding")
    )
    for round_id in last.values():
        bind.execute(
            rounds.update().where(rounds.c.id == round_id).values(is_deciding=True)
        )
    op.create_index(
        "uq_prioritisation_rounds_deciding",
        "prioritisation_rounds",
        ["bundle_id"],
        unique=True,
        sqlite_where=sa.text("is_deciding"),
        postgresql_where=sa.text("is_deciding"),
    )


def downgrade():
    op.drop_index(
        "uq_prioritisation_rounds_deciding", table_name="prioritisation_rounds"
    )
    with op.batch_alter_table("prioritisation_rounds", schema=None) as batch_op:
        batch_op.drop_column("is_deciding")
