"""The embedded database under the load of an ordinary morning: two processes writing
while they make engines (every CLI command, web request context and flow task does), and a
third opening and closing it to read. Before ADR 12, making an engine opened and closed a
descriptor of the live file, which drops this process's POSIX locks on it; the readers'
last close then check-pointed and removed the WAL under the writers, and committed rows
were lost or the file destroyed ("disk I/O error", "file is not a database")."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from arshjul.models.db import make_engine

from arshjul.errors import InvalidInput

SECONDS = 6.0
ROOT = Path(__file__).resolve().parents[2]


def test_no_committed_row_is_lost_while_engines_come_and_go(tmp_path: Path) -> None:
    db, promised = tmp_path / "arshjul.db", tmp_path / "promised.txt"
    url = f"sqlite:///{db}"
    make_engine(url).dispose()
    command = [sys.executable, "-m", "tests.models.sqlite_load"]
    processes = [
        subprocess.Popen([*command, "write", url, str(promised), str(SECONDS)], cwd=ROOT),
        subprocess.Popen([*command, "write", url, str(promised), str(SECONDS)], cwd=ROOT),
        subprocess.Popen([*command, "read", url, "-", str(SECONDS)], cwd=ROOT),
        subprocess.Popen([*command, "read", url, "-", str(SECONDS)], cwd=ROOT),
    ]
    codes = [p.wait(timeout=120) for p in processes]
    assert codes == [0, 0, 0, 0], "a process failed (disk I/O error?)"
    told = {tuple(line.split()) for line in promised.read_text().splitlines()}
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {(w, str(n)) for w, n in conn.execute("SELECT writer, n FROM promised")}
    print(f"{len(told)} commits promised, {len(stored)} stored")
    assert len(told) > 100, "the writers hardly ran: the test proves nothing"
    assert told <= stored, f"{len(told - stored)} committed rows lost"


def test_making_an_engine_never_opens_an_existing_database(tmp_path: Path) -> None:
    """Its modification time and inode stay as they were: nothing opened it for writing."""
    db = tmp_path / "arshjul.db"
    make_engine(f"sqlite:///{db}").dispose()
    assert stat.S_IMODE(db.stat().st_mode) == 0o640
    db.write_bytes(b"")
    os.utime(db, (1_000_000, 1_000_000))
    make_engine(f"sqlite:///{db}").dispose()
    assert db.stat().st_mtime == 1_000_000


def test_a_symlink_in_the_database_s_place_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.db"
    target.write_bytes(b"")
    (tmp_path / "arshjul.db").symlink_to(target)
    with pytest.raises(InvalidInput) as raised:
        make_engine(f"sqlite:///{tmp_path / 'arshjul.db'}")
    assert raised.value.key == "database_symlink"


def test_commits_are_synchronous_full(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'arshjul.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    engine.dispose()
