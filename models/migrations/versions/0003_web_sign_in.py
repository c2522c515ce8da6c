"""Sign-in links, sign-in requests, web sessions and calendar tokens: the web application

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op
from arshjul.models.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _text(length: int | None = None) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "signinlink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", _text(64), nullable=False),
        sa.Column("email", _text(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_path", _text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index(op.f("ix_signinlink_email"), "signinlink", ["email"], unique=False)
    op.create_table(
        "signinrequest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address_hash", _text(64), nullable=False),
        sa.Column("client_hash", _text(64), nullable=False),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_signinrequest_address_hash"), "signinrequest", ["address_hash"], unique=False
    )
    op.create_index(
        op.f("ix_signinrequest_client_hash"), "signinrequest", ["client_hash"], unique=False
    )
    op.create_table(
        "websession",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", _text(64), nullable=False),
        sa.Column("email", _text(), nullable=False),
        sa.Column("method", _text(), nullable=False),
        sa.Column("csrf", _text(64), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_by", _text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index(op.f("ix_websession_email"), "websession", ["email"], unique=False)
    op.create_table(
        "calendartoken",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", _text(64), nullable=False),
        sa.Column("email", _text(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index(op.f("ix_calendartoken_email"), "calendartoken", ["email"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_calendartoken_email"), table_name="calendartoken")
    op.drop_table("calendartoken")
    op.drop_index(op.f("ix_websession_email"), table_name="websession")
    op.drop_table("websession")
    op.drop_index(op.f("ix_signinrequest_client_hash"), table_name="signinrequest")
    op.drop_index(op.f("ix_signinrequest_address_hash"), table_name="signinrequest")
    op.drop_table("signinrequest")
    op.drop_index(op.f("ix_signinlink_email"), table_name="signinlink")
    op.drop_table("signinlink")
