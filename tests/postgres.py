"""A throwaway PostgreSQL for tests and benchmarks: `initdb` and `pg_ctl` from the machine's
PostgreSQL binaries, run as the `postgres` user when we are root (PostgreSQL refuses root),
in a temporary folder, on a free port, with its socket in that folder. Stopped and removed
on exit."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for version in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (version / name).exists():
            return str(version / name)
    raise RuntimeError(f"{name} not found: apt-get install -y postgresql")


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def throwaway_postgres(database: str = "bench", driver: str = "asyncpg") -> Iterator[str]:
    """Yield a SQLAlchemy URL (`driver`: asyncpg or psycopg) to a fresh database on a new
    server; the server and its files are removed after."""
    folder = Path(tempfile.mkdtemp(prefix="arshjul-pg-"))
    data = folder / "data"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    try:
        subprocess.run(
            _as_postgres([_binary("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
            check=True,
            capture_output=True,
        )
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
        subprocess.run(
            _as_postgres(
                [
                    _binary("pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-l",
                    str(folder / "log"),
                    "-w",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            _as_postgres(
                [
                    _binary("createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    "postgres",
                    database,
                ]
            ),
            check=True,
            capture_output=True,
        )
        yield f"postgresql+{driver}://postgres@127.0.0.1:{port}/{database}"
    finally:
        subprocess.run(
            _as_postgres([_binary("pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
