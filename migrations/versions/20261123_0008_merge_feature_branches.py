"""merge the feature branches (coordination, prioritisation, exports)

Revision ID: 20261123_0008
Revises: 20261123_0002, 20261123_0004, 20261123_0005
Create Date: 2026-11-23 05:35:00

"""

# revision identifiers, used by Alembic.
revision = "20261123_0008"
down_revision = ("20261123_0002", "20261123_0004", "20261123_0005")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
