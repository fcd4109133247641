"""imports: remembered column mappings, uploaded lists, and the signals they added

Revision ID: 20261202_0041
Revises: 20261202_0031
Create Date: 2026-12-02 14:00:00

"""

import sqlalchemy as sa
from alembic import op

from signalen.database import UTCDateTime

revision = "20261202_0041"
down_revision = "20261202_0031"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "import_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_import_mappings_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mappings")),
        sa.UniqueConstraint(
            "organisation_id", name=op.f("uq_import_mappings_organisation_id")
        ),
    )
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_kind", sa.String(length=8), nullable=False),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("default_theme_id", sa.Integer(), nullable=True),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("applied_at", UTCDateTime(), nullable=True),
        sa.Column("applied_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_import_batches_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_import_batches_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["default_theme_id"],
            ["themes.id"],
            name=op.f("fk_import_batches_default_theme_id_themes"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
        sa.UniqueConstraint("key", name=op.f("uq_import_batches_key")),
    )
    op.create_index(
        op.f("ix_import_batches_organisation_id"),
        "import_batches",
        ["organisation_id"],
        unique=False,
    )
    op.create_table(
        "imported_signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("row_key", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.Column("original_reference", sa.String(length=80), nullable=True),
        sa.Column("original_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_imported_signals_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_imported_signals_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_imported_signals_batch_id_import_batches"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_signals")),
        sa.UniqueConstraint("signal_id", name=op.f("uq_imported_signals_signal_id")),
        sa.UniqueConstraint(
            "organisation_id", "row_key", name="uq_imported_signals_row"
        ),
    )
    op.create_index(
        op.f("ix_imported_signals_batch_id"),
        "imported_signals",
        ["batch_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f("ix_imported_signals_batch_id"), table_name="imported_signals")
    op.drop_table("imported_signals")
    op.drop_index(
        op.f("ix_import_batches_organisation_id"), table_name="import_batches"
    )
    op.drop_table("import_batches")
    op.drop_table("import_mappings")
