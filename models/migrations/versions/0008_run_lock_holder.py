"""RunLock.host, pid and pid_started: the holder of the outbox's lock named by process, so
that a dead holder's lock is taken over at once on its host (ADR 12)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "runlock",
        sa.Column("host", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""),
    )
    op.add_column(
        "runlock", sa.Column("pid", sa.Integer(), nullable=False, server_default=sa.text("0"))
    )
    op.add_column(
        "runlock",
        sa.Column("pid_started", sa.BigInteger(), nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE runlock DROP COLUMN pid_started")
    op.execute("ALTER TABLE runlock DROP COLUMN pid")
    op.execute("ALTER TABLE runlock DROP COLUMN host")
