"""Fixtures for every layer: a clean environment and a database file per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from arshjul.models.db import create_schema, make_engine
from sqlalchemy import Engine

from arshjul.settings import get_settings
from tests.process_check import pytest_configure, pytest_sessionfinish  # noqa: F401 (hooks)
from tests.smtp_server import Inbox, start


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No ARSHJUL_* setting leaks in from the machine; each test gets its own home."""
    for name in list(os.environ):
        if name.startswith("ARSHJUL_"):
            monkeypatch.delenv(name)
    home = tmp_path / "arshjul-home"
    monkeypatch.setenv("ARSHJUL_HOME", str(home))
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=("sqlite", "postgres"),
        default=os.environ.get("ARSHJUL_TEST_DATABASE", "sqlite"),
        help="the database the tests that touch one run on (env ARSHJUL_TEST_DATABASE)",
    )


@pytest.fixture(scope="session")
def postgres_server(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """With --database postgres: one throwaway PostgreSQL for the session; its admin URL."""
    if request.config.getoption("--database") != "postgres":
        yield None
        return
    from tests.postgres import throwaway_postgres

    with throwaway_postgres("postgres_admin", driver="psycopg") as url:
        yield url


@pytest.fixture
def database_url(tmp_path: Path, postgres_server: str | None) -> Iterator[str]:
    """A SQLite file per test, or with --database postgres a fresh PostgreSQL database."""
    if postgres_server is None:
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    import uuid

    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = postgres_server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A real SMTP server for this test; mail settings point at it."""
    inbox = Inbox()
    controller, port = start(inbox)
    monkeypatch.setenv("ARSHJUL_MAIL_CHANNEL", "smtp")
    monkeypatch.setenv("ARSHJUL_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("ARSHJUL_SMTP_PORT", str(port))
    monkeypatch.setenv("ARSHJUL_SMTP_STARTTLS", "false")
    monkeypatch.setenv("ARSHJUL_SMTP_TIMEOUT", "5")
    get_settings.cache_clear()
    yield inbox
    controller.stop()
    get_settings.cache_clear()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With --database postgres, only the tests that touch a database run (those using
    `database_url` or the server itself): the others would run exactly as they do on
    SQLite, and .ci/run has just run them there."""
    if config.getoption("--database") != "postgres":
        return
    kept, dropped = [], []
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        (kept if names & {"database_url", "postgres_server"} else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
