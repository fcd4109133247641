"""exports: answer imports (dry-run preview, confirm, idempotency)

Revision ID: 20261123_0005
Revises: 20261123_0001
Create Date: 2026-11-23 14:05:00.000000

"""
from alembic import op
import sqlalchemy as sa

import signalen.database


# revision identifiers, used by Alembic.
revision = '20261123_0005'
down_revision = '20261123_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answer_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('bundle_id', sa.Integer(), nullable=False),
    sa.Column('export_run_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('created_at', signalen.database.UTCDateTime(), nullable=False),
    sa.Column('applied_at', signalen.database.UTCDateTime(), nullable=True),
    sa.Column('applied_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['bundle_id'], ['bundles.id'], name=op.f('fk_answer_imports_bundle_id_bundles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['export_run_id'], ['export_runs.id'], name=op.f('fk_answer_imports_export_run_id_export_runs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_answer_imports_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_imports')),
    sa.UniqueConstraint('key', name=op.f('uq_answer_imports_key'))
    )
    with op.batch_alter_table('answer_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_imports_bundle_id'), ['bundle_id'], unique=False)


def downgrade():
    with op.batch_alter_table('answer_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_imports_bundle_id'))

    op.drop_table('answer_imports')
