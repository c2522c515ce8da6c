"""Commands that only read or write state must not import Prefect (it costs ~1 s to import
and seconds more to start a server). Checked in a fresh interpreter per command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import notifications

SHIPPED_TEMPLATES = Path(notifications.__file__).parent / "templates"

PROBE = """
import sys
from arshjul.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
loaded = sorted({m.split('.')[0] for m in sys.modules} & {'prefect', 'flows'})
print('LOADED', loaded)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--as-of", "2019-05-08"],
        ["status", "--body", "BUN"],
        ["deadlines", "--year", "2020", "--all", "--format", "json"],
        ["validate", "timra", "--year", "2020"],
        ["init"],
        ["remind", "--dry-run", "--as-of", "2019-05-06"],
        ["outbox"],
        ["calendar", "--body", "BUN", "--year", "2020"],
        ["templates", str(SHIPPED_TEMPLATES)],
        ["--as", "ekonomi@example.org", "audit", "log"],
        ["audit", "verify"],
        ["lint", "timra", "--year", "2027"],
        ["decision", "list"],
        ["commitments", "check", __file__],
        ["frame", "report"],
        ["commitments", "report"],
        ["commitments", "goals"],
        ["--as", "bun.sekreterare@example.org", "submit", "budgetunderlag/BUN", __file__],
    ],
)
def test_read_commands_do_not_import_prefect(args: list[str], timra_2020: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    assert "LOADED []" in result.stdout, result.stdout + result.stderr


RENDERS = PROBE.replace("{'prefect', 'flows'}", "{'jinja2'}")


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--as-of", "2019-05-08"],
        ["deadlines", "--year", "2020", "--all", "--format", "json"],
        ["frame", "report"],
        ["decision", "list"],
        ["commitments", "report"],
        ["--as", "ekonomi@example.org", "audit", "log"],
    ],
)
def test_reads_that_send_nothing_do_not_import_the_mail_renderer(
    args: list[str], timra_2020: str
) -> None:
    """Jinja and the notice machinery cost about 0.1 s; only commands that queue mail pay it."""
    result = subprocess.run(
        [sys.executable, "-c", RENDERS, *args], capture_output=True, text=True, check=True
    )
    assert "LOADED []" in result.stdout, result.stdout + result.stderr
