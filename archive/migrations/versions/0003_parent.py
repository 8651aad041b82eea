"""Documents found inside other documents: an e-mail's attachments link to the message.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("parent", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_documents_parent", "documents", ["parent"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_documents_parent", ["parent"])


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_parent")
        batch.drop_constraint("fk_documents_parent", type_="foreignkey")
        batch.drop_column("parent")
