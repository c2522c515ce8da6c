"""What synchronous=FULL costs the embedded database against NORMAL (ADR 12): single-row
commits, as the outbox's marks and the audit trail's appends are made, on a real file.

    python benchmarks/sqlite_commits.py [--commits 2000]

Prints commits per second under each setting and their ratio, and a sweep's worth of
marks (1,000 messages, three commits each) in seconds under each.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path


def rate(path: Path, synchronous: str, commits: int) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("CREATE TABLE IF NOT EXISTS mark (n INTEGER PRIMARY KEY, body TEXT)")
    start = time.perf_counter()
    for _ in range(commits):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO mark (body) VALUES (?)", ("x" * 200,))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return commits / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = {
            name: rate(Path(folder) / f"{name}.db", name, args.commits)
            for name in ("NORMAL", "FULL")
        }
    for name, per_second in figures.items():
        print(
            f"synchronous={name:6} {per_second:8.0f} commits/s  "
            f"1,000 messages (3 commits each): {3000 / per_second:5.2f} s"
        )
    print(f"FULL / NORMAL time per commit: {figures['NORMAL'] / figures['FULL']:.2f}x")


if __name__ == "__main__":
    main()
