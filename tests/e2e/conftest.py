"""A Prefect server of its own for the tests that run the deployments as an operator does
(a worker, `arshjul serve`'s runner, automations)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.processes import stop

ROOT = Path(__file__).resolve().parents[2]
PREFECT = str(Path(sys.executable).with_name("prefect"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def operator_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A Prefect server of its own, and the environment its CLI and worker run in."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ARSHJUL_"))} | {
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "PWD": str(ROOT),
    }
    server = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{env['PREFECT_API_URL']}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            raise AssertionError("the Prefect server did not start in 90 s")
        yield env
    finally:
        stop(server)


def _prefect(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PREFECT, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def worker_environment(
    operator_env: dict[str, str], home: Path, database_url: str, smtp_port: int
) -> dict[str, str]:
    """What a worker's host sets: the ARSHJUL_* settings (never flow parameters), mail to
    the test's SMTP server. The database is created and a small wheel planned in it."""
    from arshjul.models.db import create_schema, make_engine

    from arshjul.settings import get_settings
    from tests.factories import plan_into

    engine = make_engine(database_url)
    create_schema(engine)
    plan_into(engine)
    engine.dispose()
    get_settings.cache_clear()
    return operator_env | {
        "ARSHJUL_HOME": str(home),
        "ARSHJUL_DATABASE_URL": database_url,
        "ARSHJUL_MAIL_CHANNEL": "smtp",
        "ARSHJUL_SMTP_HOST": "127.0.0.1",
        "ARSHJUL_SMTP_PORT": str(smtp_port),
        "ARSHJUL_SMTP_STARTTLS": "false",
    }
