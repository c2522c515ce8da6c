"""arshjul_locked_head (PostgreSQL only): take a municipality's audit-chain lock and read
its head in one round trip (models.audit says why that is safe)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

from arshjul.models.tables import DROP_LOCKED_HEAD, LOCKED_HEAD

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(LOCKED_HEAD)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(DROP_LOCKED_HEAD)
