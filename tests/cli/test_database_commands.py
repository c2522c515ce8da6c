"""`arshjul db current` and `arshjul db upgrade`, and a read command on an older database."""

from __future__ import annotations

from pathlib import Path

from arshjul.models import migrate
from arshjul.models.db import make_engine
from sqlalchemy import inspect, text
from sqlmodel import SQLModel
from typer.testing import CliRunner

from arshjul.cli import app


def test_current_says_when_the_schema_is_behind_and_upgrade_brings_it_up(
    clean_environment: Path,
) -> None:
    runner = CliRunner()
    behind = runner.invoke(app, ["db", "current"])
    assert (
        behind.exit_code == 1 and f"Databasens schema: – (senaste: {migrate.HEAD})" in behind.stdout
    )
    upgraded = runner.invoke(app, ["--lang", "en", "db", "upgrade"])
    assert (
        upgraded.exit_code == 0
        and f"Database schema: {migrate.HEAD} (newest: {migrate.HEAD})" in upgraded.stdout
    )
    assert runner.invoke(app, ["db", "current"]).exit_code == 0


def test_a_read_brings_a_database_from_before_migrations_up_to_date(
    clean_environment: Path,
) -> None:
    engine = make_engine(f"sqlite:///{clean_environment / 'arshjul.db'}")
    SQLModel.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE milestone DROP COLUMN phase"))
        connection.execute(text("INSERT INTO municipality (code, name) VALUES ('9999', 'Test')"))
    result = CliRunner().invoke(app, ["deadlines", "--format", "json"])
    assert "Traceback" not in result.output
    assert migrate.current(engine) == migrate.HEAD
    assert "phase" in {c["name"] for c in inspect(engine).get_columns("milestone")}
    engine.dispose()
