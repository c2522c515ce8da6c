"""One Prefect test server for the whole session (starting one costs ~10 s)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

# Before Prefect is imported: no telemetry, quiet logs, a private home, time to start.
for _name, _value in {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
}.items():
    os.environ.setdefault(_name, _value)
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="arshjul-prefect-"))
os.environ.pop("PREFECT_API_URL", None)


@pytest.fixture(autouse=True)
def flow_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Flows take their database from the environment, as on a worker, never a parameter."""
    from arshjul.settings import get_settings

    monkeypatch.setenv("ARSHJUL_DATABASE_URL", database_url)
    get_settings.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def prefect_server() -> Iterator[None]:
    from prefect.flow_engine import FlowRunEngine
    from prefect.testing.utilities import prefect_test_harness

    # Sync flows wait ~1 s on a heartbeat thread when they finish; tests need no heartbeat.
    FlowRunEngine.heartbeat_seconds = property(lambda self: None)  # type: ignore[assignment]
    with prefect_test_harness(server_startup_timeout=90):
        yield
