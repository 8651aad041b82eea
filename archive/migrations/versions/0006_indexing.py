"""What the index needs to stay bounded: a document's text length, the warnings of its
reading, and how many times indexing it was attempted without finishing.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(
            sa.Column("text_chars", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("warnings", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(
            sa.Column("index_attempts", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute(
        "UPDATE documents SET text_chars = COALESCE("
        "(SELECT SUM(LENGTH(pages.text)) FROM pages WHERE pages.document_id = documents.id), 0)"
    )


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("index_attempts")
        batch.drop_column("warnings")
        batch.drop_column("text_chars")
