"""While another process holds SQLite's write lock, reads go on and a write waits a
bounded time, then says so in one line and stores nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.settings import get_settings

BUN = "bun.sekreterare@example.org"


@pytest.fixture
def locked(timra_2020: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Another process's transaction holding the write lock (as a long sweep would)."""
    monkeypatch.setenv("ARSHJUL_DB_BUSY_SECONDS", "1")
    get_settings.cache_clear()
    other = sqlite3.connect(timra_2020.removeprefix("sqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE municipality SET name = name")
    yield timra_2020
    other.execute("ROLLBACK")
    other.close()


def test_reads_go_on_while_another_process_writes(locked: str) -> None:
    runner = CliRunner()
    for args in (["status", "--as-of", "2019-05-08"], ["deadlines", "--year", "2020"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output


def test_a_write_waits_then_says_so_in_one_line(locked: str, tmp_path: Path) -> None:
    document = tmp_path / "budget.txt"
    document.write_text("Budgetunderlag\n")
    result = CliRunner().invoke(app, ["--as", BUN, "submit", "budgetunderlag/BUN", str(document)])
    assert result.exit_code == 1
    assert "Databasen är låst av en annan process sedan 1 sekund; inget har sparats" in (
        result.stderr
    )
    assert "Traceback" not in result.output
