"""Engine and schema. SQLite gets WAL, foreign keys and a busy timeout so that a CLI read
and a flow's write can overlap without 'database is locked'."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, cast

import arshjul.models.tables  # noqa: F401 - registers the tables on SQLModel.metadata
from sqlalchemy import Engine, Select, Table, event, inspect, select
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel, col, create_engine

from arshjul.errors import InvalidInput

WRITE = "arshjul_write"  # the execution option that marks a transaction as a writer's


def writing(engine: Engine) -> Engine:
    """The engine for a transaction that writes: on SQLite it takes the write lock when it
    begins, so a read-then-write (the next audit sequence number, an upsert) cannot be
    overtaken. Transactions that only read do not take it, so a long write elsewhere never
    blocks the status board."""
    return engine.execution_options(**{WRITE: True})


def make_engine(url: str, busy_seconds: float = 30.0) -> Engine:
    """The engine for `url`; on SQLite a writer waits up to `busy_seconds` for the lock."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        _create_once(Path(parsed.database).expanduser())
    engine = create_engine(url, connect_args={"timeout": busy_seconds})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit the caller was told of survives a power cut too (ADR 12).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_seconds * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        """A writer's transaction (`writing`) takes the write lock when it starts, not at
        its first write, and waits on busy_timeout instead of failing; a reader's reads a
        snapshot (WAL) and takes no lock."""
        write = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _create_once(path: Path) -> None:
    """Create the database file, readable by owner and group only, if it is not there yet;
    SQLite gives its -wal and -shm files the database file's permissions.

    Never opens an existing file: closing any descriptor of a database file drops every
    POSIX lock this process holds on it (SQLite's "How To Corrupt", section 2.2), and another
    process may then check-point and remove the WAL under a live connection of this one.
    O_EXCL makes the creation itself safe when two processes start at once. A symlink in
    the database's place is refused rather than followed (ADR 12)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        raise InvalidInput("database_symlink", path=str(path))
    if path.exists():
        return
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o640)
    except FileExistsError:
        return  # another process created it first; it is theirs to have opened
    os.close(descriptor)


def create_schema(engine: Engine) -> None:
    """Create or upgrade the tables to the newest revision (models.migrate, by Alembic)."""
    from arshjul.models.migrate import upgrade

    upgrade(engine)


def upgrade_schema(engine: Engine) -> list[str]:
    """Add the columns a newer arshjul has and an older database lacks, each with the
    model's default, so an existing arshjul.db keeps working after an upgrade. Only
    additions: a rename or a removal would need a real migration. Returns what was added
    ("table.column")."""
    inspector = inspect(engine)
    added: list[str] = []
    statements: list[str] = []
    for mapper in SQLModel._sa_registry.mappers:
        table = cast(Table, mapper.local_table)
        if not inspector.has_table(table.name):
            continue
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            field = mapper.class_.model_fields.get(column.name)
            default = field.get_default(call_default_factory=True) if field else None
            if default is None and not column.nullable:
                raise RuntimeError(f"cannot add {table.name}.{column.name}: no default")
            kind = column.type.compile(dialect=engine.dialect)
            clause = f" NOT NULL DEFAULT {_literal(default, engine)}" if default is not None else ""
            statements.append(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}{clause}')
            added.append(f"{table.name}.{column.name}")
    if statements:
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    return added


def _literal(value: Any, engine: Engine) -> str:
    if isinstance(value, bool):
        return (
            ("TRUE" if value else "FALSE")
            if engine.dialect.name == "postgresql"
            else str(int(value))
        )
    if isinstance(value, int | float):
        return str(value)
    text = value if isinstance(value, str) else json.dumps(value)
    return "'" + text.replace("'", "''") + "'"


def columns(*entities: Any) -> Select[*tuple[Any, ...]]:
    """A select of model columns read back as plain tuples (by position). sqlmodel's typed
    `select` covers up to four columns of scalar types; bulk reads need more."""
    return select(*(col(entity) for entity in entities))
