"""A hand-in killed while its file was being written leaves a temporary file in the store.
`audit verify --files` reports it, `--repair` removes it once its writer is gone (a live
writer's is left alone), and the web application removes such files when it starts."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.settings import get_settings

WRITER = """
import os, sys, time
path = sys.argv[1].replace("PID", str(os.getpid()))
with open(path, "wb") as handle:
    handle.write(b"x" * 100_000)
    handle.flush()
    print("writing", flush=True)
    time.sleep(600)
"""


def _killed_writer(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pattern = folder / ".abcdef.PID.partial"
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(pattern)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    return folder / f".abcdef.{child.pid}.partial"


def test_verify_reports_and_repair_removes_a_killed_hand_ins_file(timra_2020: str) -> None:
    import os

    store = get_settings().resolved_files_dir / "ab"
    dead = _killed_writer(store)
    live = store / f".cdef01.{os.getpid()}.partial"
    live.write_bytes(b"y" * 10)
    runner = CliRunner()
    reported = runner.invoke(app, ["audit", "verify", "--files"])
    assert reported.exit_code == 0, reported.output
    assert "100000 byte) efter en inlämning som avbröts" in reported.stderr
    assert dead.exists()
    repaired = runner.invoke(app, ["audit", "verify", "--files", "--repair"])
    assert repaired.exit_code == 0
    assert f"{dead}: borttagen" in repaired.stderr
    assert "skriver filen just nu" in repaired.stderr
    assert not dead.exists() and live.exists()


def test_the_web_application_removes_them_when_it_starts(timra_2020: str) -> None:
    from arshjul.web.app import create_app

    dead = _killed_writer(get_settings().resolved_files_dir / "ab")
    with TestClient(create_app()):
        assert not dead.exists()
