"""The processes of the SQLite durability test, run as `python -m tests.models.sqlite_load
ROLE URL OUT SECONDS`: a writer that makes a fresh engine before every commit while its
first engine keeps a connection open (as the CLI, the web and a flow's tasks do), and a
reader that opens, counts and closes (as `arshjul status` and the web's pages do). A writer
appends each committed row's number to OUT only after the commit returned, so the file
is what the database promised to keep."""

from __future__ import annotations

import os
import sys
import time

from arshjul.models.db import make_engine
from sqlalchemy import text

TABLE = "CREATE TABLE IF NOT EXISTS promised (writer TEXT, n INTEGER, PRIMARY KEY (writer, n))"


def write(url: str, out: str, seconds: float) -> None:
    keeper = make_engine(url, busy_seconds=60)
    with keeper.begin() as conn:
        conn.exec_driver_sql(TABLE)
    me = f"w{os.getpid()}"
    held = keeper.connect()  # a connection that lives across the other engines' lifetimes
    held.exec_driver_sql("SELECT count(*) FROM promised").scalar()
    held.commit()
    deadline = time.monotonic() + seconds
    n = 0
    with open(out, "a", encoding="utf-8") as promised:
        while time.monotonic() < deadline:
            n += 1
            other = make_engine(url, busy_seconds=60)
            held.execute(text("INSERT INTO promised VALUES (:w, :n)"), {"w": me, "n": n})
            held.commit()
            promised.write(f"{me} {n}\n")
            promised.flush()
            with other.connect() as peek:
                peek.exec_driver_sql("SELECT count(*) FROM promised").scalar()
            other.dispose()
    held.close()


def read(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        engine = make_engine(url, busy_seconds=60)
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        engine.dispose()


if __name__ == "__main__":
    role, url, out, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    write(url, out, seconds) if role == "write" else read(url, seconds)
