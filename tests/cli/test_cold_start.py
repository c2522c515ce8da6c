"""Commands that only read or write state must not import Prefect (it costs ~1 s to import
and seconds more to start a server). Checked in a fresh interpreter per command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import arshjul.notifications
import pytest

pytestmark = pytest.mark.e2e  # a fresh interpreter per command, about 20 s

SHIPPED_TEMPLATES = Path(arshjul.notifications.__file__).parent / "templates"

PROBE = """
import sys
from arshjul.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
loaded = sorted({m.split('.')[0] for m in sys.modules} & {'prefect', 'flows'})
print('EXIT', code, 'LOADED', loaded)
"""


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["status", "--as-of", "2019-05-08"], 0),
        (["status", "--body", "BUN"], 0),
        (["deadlines", "--year", "2020", "--all", "--format", "json"], 0),
        (["validate", "timra", "--year", "2020"], 0),
        (["init"], 0),
        (["remind", "--dry-run", "--as-of", "2019-05-06"], 0),
        (["outbox"], 0),
        (["outbox", "--state", "lost"], 1),
        (["calendar", "--body", "BUN", "--year", "2020"], 0),
        (["templates", str(SHIPPED_TEMPLATES)], 0),
        (["--as", "ekonomi@example.org", "audit", "log"], 0),
        (["--as", "bun.sekreterare@example.org", "audit", "log"], 1),  # refused
        (["audit", "verify"], 0),
        (["lint", "timra", "--year", "2027"], 0),
        (["decision", "list"], 0),
        (["commitments", "check", __file__], 1),  # Python is not a commitments file
        (["frame", "report"], 0),
        (["commitments", "report"], 0),
        (["commitments", "goals"], 0),
        (["--as", "bun.sekreterare@example.org", "submit", "budgetunderlag/BUN", __file__], 0),
        (["--as", "ekonomi@example.org", "followup", "report", "-f", "json"], 0),
        (["--as", "ekonomi@example.org", "indicators", "import", __file__], 1),  # not a CSV
        (["--as", "ekonomi@example.org", "people", "list"], 0),
        (
            [
                "--as",
                "arshjul.admin@example.org",
                "people",
                "remove",
                "-b",
                "REV",
                "--email",
                "revisionen@example.org",
            ],
            0,
        ),  # writes a version, re-plans, no Prefect
    ],
)
def test_read_commands_do_not_import_prefect(args: list[str], code: int, timra_2020: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    assert f"EXIT {code} LOADED []" in result.stdout, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr


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
        ["--as", "ekonomi@example.org", "followup", "report"],
    ],
)
def test_reads_that_send_nothing_do_not_import_the_mail_renderer(
    args: list[str], timra_2020: str
) -> None:
    """Jinja and the notice machinery cost about 0.1 s; only commands that queue mail pay it."""
    result = subprocess.run(
        [sys.executable, "-c", RENDERS, *args], capture_output=True, text=True, check=True
    )
    assert "EXIT 0 LOADED []" in result.stdout, result.stdout + result.stderr
