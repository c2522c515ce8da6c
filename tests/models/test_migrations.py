"""The schema's migrations on the test's database (SQLite, or PostgreSQL with
`--database postgres`): an empty database migrated to head is exactly the models, a
database of the release before (its data and audit chain included) upgrades intact, and a
database made before migrations existed is brought to head and stamped."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from arshjul.models import migrate
from arshjul.models.db import make_engine
from arshjul.models.tables import DROP_LOCKED_HEAD, AuditEvent, Milestone
from sqlalchemy import Engine, inspect, text
from sqlmodel import Session, SQLModel, select

from arshjul.services.audit import verify_all
from tests.factories import MAIL_TEMPLATE, ctx_for, plan_into


def test_an_empty_database_migrated_to_head_is_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    assert migrate.upgrade(engine) == migrate.head() == migrate.HEAD
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()


def test_the_audit_table_is_append_only_after_migrating(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    plan_into(engine, MAIL_TEMPLATE)
    for statement in ("update auditevent set actor = 'x'", "delete from auditevent"):
        try:
            with engine.begin() as connection:
                connection.execute(text(statement))
        except Exception as exc:
            assert "append-only" in str(exc)
        else:
            raise AssertionError(f"{statement} was allowed")
    engine.dispose()


ADDED = {
    "phase",
    "deadline_override",
    "override_reason",
    "optional",
    "meeting",
    "not_applicable",
    "not_applicable_reason",
}  # after 0001


def _rows(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            table: sorted(
                tuple(str(v) for k, v in row._mapping.items() if k not in ADDED)
                for row in connection.execute(text(f"select * from {table}"))
            )
            for table in ("municipality", "body", "cycle", "milestone", "deliverable", "auditevent")
        }


def test_a_database_of_the_release_before_upgrades_with_its_data_intact(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    plan_into(engine, MAIL_TEMPLATE)
    migrate.downgrade(engine, "0001")  # the release before: no milestone.phase
    assert migrate.current(engine) == "0001"
    assert "phase" not in {c["name"] for c in inspect(engine).get_columns("milestone")}
    before = _rows(engine)
    assert migrate.upgrade(engine) == migrate.HEAD
    assert _rows(engine) == before
    with Session(engine) as session:
        assert {m.phase for m in session.exec(select(Milestone))} == {""}  # until re-planned
        assert len(session.exec(select(AuditEvent)).all()) == len(before["auditevent"])
    plan_into(engine, MAIL_TEMPLATE, year=2021)  # the chain grows on after the upgrade
    (report,) = verify_all(ctx_for(engine))
    assert report.first_break is None
    engine.dispose()


def test_a_database_made_before_migrations_is_stamped_at_head(database_url: str) -> None:
    engine = make_engine(database_url)
    SQLModel.metadata.create_all(engine)  # how every database was made until now
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE milestone DROP COLUMN phase"))
        if engine.dialect.name == "postgresql":  # as an older release made it
            connection.execute(text(DROP_LOCKED_HEAD))
    assert migrate.current(engine) is None
    assert migrate.upgrade(engine) == migrate.HEAD
    assert "phase" in {c["name"] for c in inspect(engine).get_columns("milestone")}
    plan_into(engine, MAIL_TEMPLATE)  # appends to the chain (on PostgreSQL by the function)
    (report,) = verify_all(ctx_for(engine))
    assert report.first_break is None
    engine.dispose()


def test_the_head_that_reads_compare_to_is_the_scripts_head(database_url: str) -> None:
    assert migrate.head() == migrate.HEAD
    engine = make_engine(database_url)
    assert not migrate.at_head(engine)
    migrate.upgrade(engine)
    assert migrate.at_head(engine)
    engine.dispose()
