"""What every web node of one archive shares through the catalogue: the key that signs
sessions, and the counters of rate limits (sign-in attempts).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "secrets",
        sa.Column("name", sa.String(length=64), primary_key=True),
        sa.Column("value", sa.String(length=256), nullable=False),
    )
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(length=512), primary_key=True),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rate_counters")
    op.drop_table("secrets")
