"""Deliverable.deadline_override and override_reason: one body's own deadline, given by a
coordinator without a review round; DeadlineChange.deliverable_id: a move of one
deliverable's deadline rather than the milestone's

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("deliverable", sa.Column("deadline_override", sa.Date(), nullable=True))
    op.add_column(
        "deliverable",
        sa.Column(
            "override_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
        ),
    )
    with op.batch_alter_table("deadlinechange") as batch:
        batch.add_column(sa.Column("deliverable_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_deadlinechange_deliverable_id", "deliverable", ["deliverable_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("deadlinechange") as batch:
        batch.drop_constraint("fk_deadlinechange_deliverable_id", type_="foreignkey")
        batch.drop_column("deliverable_id")
    op.execute("ALTER TABLE deliverable DROP COLUMN override_reason")
    op.execute("ALTER TABLE deliverable DROP COLUMN deadline_override")
