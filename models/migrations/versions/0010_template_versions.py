"""TemplateVersion: a municipality's wheel stored as versions (text, author, instant,
reason, SHA-256), the source of truth a preview is made against; Deliverable.not_applicable
and not_applicable_reason: one body's deliverable marked "inte aktuell" for the year

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from arshjul.models.types import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "templateversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", text(length=64), nullable=False),
        sa.Column("file", text(), nullable=False),
        sa.Column("source", text(), nullable=False),
        sa.Column("author", text(), nullable=False),
        sa.Column("reason", text(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("municipality_id", "version"),
    )
    op.create_index(
        op.f("ix_templateversion_municipality_id"),
        "templateversion",
        ["municipality_id"],
        unique=False,
    )
    op.add_column(
        "deliverable",
        sa.Column("not_applicable", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "deliverable",
        sa.Column("not_applicable_reason", text(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE deliverable DROP COLUMN not_applicable_reason")
    op.execute("ALTER TABLE deliverable DROP COLUMN not_applicable")
    op.drop_table("templateversion")
