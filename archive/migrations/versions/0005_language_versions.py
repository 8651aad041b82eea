"""Language versions: documents that are the same material in other languages share a
version group (the id of one of them), set only by a librarian's confirmed link.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("version_group", sa.Integer(), nullable=True))
        batch.create_index("ix_documents_version_group", ["version_group"])


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_version_group")
        batch.drop_column("version_group")
