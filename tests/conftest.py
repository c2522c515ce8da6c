"""Fixtures for every layer: a clean environment and a database file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from arshjul.settings import get_settings
from models.db import create_schema, make_engine


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No ARSHJUL_* setting leaks in from the machine; each test gets its own home."""
    import os

    for name in list(os.environ):
        if name.startswith("ARSHJUL_"):
            monkeypatch.delenv(name)
    home = tmp_path / "arshjul-home"
    monkeypatch.setenv("ARSHJUL_HOME", str(home))
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    create_schema(engine)
    yield engine
    engine.dispose()
