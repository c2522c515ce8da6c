"""Follow-up: the nämnder's assessments of their commitments with each report, the values
given with them, the indicators a commitment names, and values imported per municipality

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op
from arshjul.models.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _text() -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString()


def _id(table: str) -> sa.Column[int]:
    return sa.Column(f"{table}_id", sa.Integer(), sa.ForeignKey(f"{table}.id"), nullable=False)


def _indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "commitmentindicator",
        sa.Column("id", sa.Integer(), nullable=False),
        _id("municipality"),
        _id("commitment"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indicator", _text(), nullable=False),
        sa.Column("name", _text(), nullable=False),
        sa.Column("unit", _text(), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("direction", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("commitment_id", "indicator"),
    )
    _indexes("commitmentindicator", "municipality_id", "commitment_id")
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        _id("municipality"),
        _id("cycle"),
        _id("body"),
        _id("submission"),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", _text(), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("comment", _text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("submission_id", "kind", "key"),
    )
    _indexes("assessment", "municipality_id", "cycle_id", "submission_id")
    op.create_table(
        "assessedvalue",
        sa.Column("id", sa.Integer(), nullable=False),
        _id("municipality"),
        _id("assessment"),
        sa.Column("indicator", _text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assessment_id", "indicator"),
    )
    _indexes("assessedvalue", "municipality_id", "assessment_id")
    op.create_table(
        "indicatorvalue",
        sa.Column("id", sa.Integer(), nullable=False),
        _id("municipality"),
        sa.Column("indicator", _text(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("imported_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("imported_by", _text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("municipality_id", "indicator", "period"),
    )
    _indexes("indicatorvalue", "municipality_id")


def downgrade() -> None:
    for table, columns in (
        ("indicatorvalue", ("municipality_id",)),
        ("assessedvalue", ("assessment_id", "municipality_id")),
        ("assessment", ("submission_id", "cycle_id", "municipality_id")),
        ("commitmentindicator", ("commitment_id", "municipality_id")),
    ):
        for column in columns:
            op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
        op.drop_table(table)
