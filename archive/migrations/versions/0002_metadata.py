"""Partners, seminars, document metadata, users and the audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partners",
        sa.Column("slug", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("city", sa.String(200), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
    )
    op.create_table(
        "seminars",
        sa.Column("slug", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column(
            "host",
            sa.String(64),
            sa.ForeignKey("partners.slug", onupdate="CASCADE", name="fk_seminars_host"),
            nullable=True,
        ),
        sa.Column("starts", sa.Date(), nullable=True),
        sa.Column("ends", sa.Date(), nullable=True),
        sa.Column("theme", sa.Text(), nullable=False),
    )
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("seminar", sa.String(64), nullable=True))
        batch.add_column(sa.Column("partner", sa.String(64), nullable=True))
        batch.add_column(sa.Column("doc_type", sa.String(32), nullable=True))
        batch.add_column(sa.Column("doc_date", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("restricted", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("withdrawn", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("description", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("language_locked", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("replaces", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("checked", sa.DateTime(), nullable=True))
        batch.create_foreign_key(
            "fk_documents_seminar", "seminars", ["seminar"], ["slug"], onupdate="CASCADE"
        )
        batch.create_foreign_key(
            "fk_documents_partner", "partners", ["partner"], ["slug"], onupdate="CASCADE"
        )
        batch.create_foreign_key("fk_documents_replaces", "documents", ["replaces"], ["id"])
        batch.create_index("ix_documents_seminar", ["seminar"])
        batch.create_index("ix_documents_partner", ["partner"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("token_hash", sa.String(128), nullable=True, unique=True),
        sa.Column("created", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_at", "audit", ["at"])
    op.create_index("ix_audit_document_id", "audit", ["document_id"])


def downgrade() -> None:
    op.drop_table("audit")
    op.drop_table("users")
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_partner")
        batch.drop_index("ix_documents_seminar")
        batch.drop_constraint("fk_documents_replaces", type_="foreignkey")
        batch.drop_constraint("fk_documents_partner", type_="foreignkey")
        batch.drop_constraint("fk_documents_seminar", type_="foreignkey")
        for column in (
            "checked",
            "replaces",
            "language_locked",
            "description",
            "withdrawn",
            "restricted",
            "doc_date",
            "doc_type",
            "partner",
            "seminar",
        ):
            batch.drop_column(column)
    op.drop_table("seminars")
    op.drop_table("partners")
