"""Milestone.phase: the part of the year a milestone belongs to (the Prefect mirror's tags)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "milestone",
        sa.Column("phase", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    # SQLite 3.35 and PostgreSQL drop a column in place; no table copy under foreign keys
    op.execute("ALTER TABLE milestone DROP COLUMN phase")
