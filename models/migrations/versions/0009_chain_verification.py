"""ChainVerification: how far each municipality's audit chain has been verified (the last
event's number and hash), so a check hashes only the events after it

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from arshjul.models.types import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chainverification",
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("verified_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("full_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.PrimaryKeyConstraint("municipality_id"),
    )


def downgrade() -> None:
    op.drop_table("chainverification")
