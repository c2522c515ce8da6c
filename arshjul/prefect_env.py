"""Prefect's settings for arshjul, applied before Prefect is first imported.

Only commands that run a flow call `configure`. It keeps Prefect's state beside arshjul's
(ARSHJUL_HOME/prefect) unless PREFECT_HOME is set, turns telemetry off (there is no internet
to send it to), gives the temporary server time to start on a busy machine and keeps its
logs to warnings. Values already in the environment win.
"""

from __future__ import annotations

import os
from pathlib import Path

from arshjul.settings import Settings


def configure(settings: Settings) -> None:
    defaults = {
        "PREFECT_HOME": str(settings.prefect_home),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    # Prefect's temporary server fails ("unable to open database file") if its home is missing.
    Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)
