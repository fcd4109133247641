"""exports: the answers a workbook was written with; bundle items in order

`export_runs.answers_up_to` is the highest city answer id when the workbook
was written: reading the file back compares each answer cell with the answer
exported in it (not the current one), so uploading a file twice changes
nothing. The index on bundle_items (bundle_id, position, id) matches the order
in which the export and the report read a bundle's items in batches.

Revision ID: 20261202_0031
Revises: 20261202_0002
Create Date: 2026-12-02 13:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_0031"
down_revision = "20261202_0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("export_runs") as batch:
        batch.add_column(sa.Column("answers_up_to", sa.Integer(), nullable=True))
    op.create_index(
        "ix_bundle_items_bundle_order",
        "bundle_items",
        ["bundle_id", "position", "id"],
    )


def downgrade():
    op.drop_index("ix_bundle_items_bundle_order", table_name="bundle_items")
    with op.batch_alter_table("export_runs") as batch:
        batch.drop_column("answers_up_to")
