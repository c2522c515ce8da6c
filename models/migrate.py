"""The schema's version and its upgrades, by Alembic (models/migrations).

`arshjul init`, `arshjul db upgrade` and any command that creates the database bring it to
the newest revision. A database made before migrations existed (tables but no
alembic_version) is first given the columns it lacks the old way (models.db.upgrade_schema,
additions only) and then stamped as current."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect

if TYPE_CHECKING:
    from alembic.config import Config

FOLDER = Path(__file__).resolve().parent / "migrations"
HEAD = "0011"  # the newest revision (a test holds it to the scripts); reads compare to it


def at_head(engine: Engine) -> bool:
    """Whether the schema is the newest, asked without importing Alembic (a read command's
    cold start stays as it was)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DatabaseError:
        return False
    return [row[0] for row in found] == [HEAD]


def _config(connection: object | None = None) -> Config:
    from alembic.config import Config  # imported here: a read at head never needs Alembic

    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str:
    from alembic.script import ScriptDirectory

    found = ScriptDirectory.from_config(_config()).get_current_head()
    assert found is not None
    return found


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Bring the schema to `revision`; returns the revision it is at after."""
    from alembic import command
    from arshjul.models.db import upgrade_schema

    names = set(inspect(engine).get_table_names())
    legacy = bool(names - {"alembic_version"}) and "alembic_version" not in names
    if legacy:
        upgrade_schema(engine)
    with engine.begin() as connection:
        config = _config(connection)
        if legacy:
            command.stamp(config, "head")
            _functions(connection)
        else:
            command.upgrade(config, revision)
    return current(engine)


def _functions(connection: Connection) -> None:
    """What the migrations create beside the tables (PostgreSQL's functions), for a
    database that is stamped rather than migrated."""
    from arshjul.models.tables import LOCKED_HEAD

    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(LOCKED_HEAD)


def downgrade(engine: Engine, revision: str) -> str | None:
    """Take the schema back to `revision` (what an older release expects)."""
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(_config(connection), revision)
    return current(engine)
