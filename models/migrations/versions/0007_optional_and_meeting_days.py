"""Milestone.optional (a step that may be taken: "frivillig", never late), Milestone.meeting
(the meeting its deadline is counted from, for notices that say which meeting decides) and
Meeting.days (a meeting held over several days)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "milestone",
        sa.Column("optional", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "milestone",
        sa.Column("meeting", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""),
    )
    op.add_column(
        "meeting", sa.Column("days", sa.Integer(), nullable=False, server_default=sa.text("1"))
    )


def downgrade() -> None:
    # SQLite 3.35 and PostgreSQL drop a column in place; no table copy under foreign keys
    op.execute("ALTER TABLE meeting DROP COLUMN days")
    op.execute("ALTER TABLE milestone DROP COLUMN meeting")
    op.execute("ALTER TABLE milestone DROP COLUMN optional")
