"""Alembic's environment: the tables' metadata, and the connection models.migrate hands in
(no alembic.ini: the database is the application's setting, never a file beside it)."""

from __future__ import annotations

import arshjul.models.tables  # noqa: F401 - registers every table on the metadata
from alembic import context
from sqlmodel import SQLModel

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
