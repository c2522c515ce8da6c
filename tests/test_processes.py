"""The tests' own process hygiene (tests/processes.py): what a test starts is stopped even
when the test fails and even when the process ignores SIGTERM, and a process that
outlived its parent is still found by the session-end check."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import RUN_MARK, ProcessInfo, kill_all, leftovers, processes, running

IGNORES_SIGTERM = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "print('ready', flush=True); time.sleep(120)"
)


def _alive(pid: int) -> bool:
    return any(p.pid == pid and p.state != "Z" for p in processes())


def test_a_process_that_ignores_sigterm_is_killed_after_the_grace_period() -> None:
    started = time.monotonic()
    with running(
        [sys.executable, "-c", IGNORES_SIGTERM], grace=1.0, stdout=subprocess.PIPE
    ) as process:
        assert process.stdout is not None and process.stdout.readline() == b"ready\n"
    assert process.returncode == -9
    assert time.monotonic() - started < 10


def test_the_process_is_stopped_when_the_test_fails() -> None:
    with (
        pytest.raises(AssertionError, match="the test failed"),
        running([sys.executable, "-c", "import time; time.sleep(120)"]) as process,
    ):
        raise AssertionError("the test failed")
    assert process.returncode is not None and not _alive(process.pid)


def test_children_of_the_process_are_stopped_with_it() -> None:
    script = "import subprocess, sys, time; subprocess.Popen(['sleep', '120']); time.sleep(120)"
    with running([sys.executable, "-c", script]) as process:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            children = [p for p in processes() if p.ppid == process.pid]
            if children:
                break
            time.sleep(0.05)
        assert children
    time.sleep(0.2)
    assert not _alive(children[0].pid)


def test_a_process_that_outlived_its_parent_is_found_by_its_mark() -> None:
    """`sh` starts `sleep` in the background and exits: the sleep is handed to init, no
    longer a descendant of the test run, but it carries the run's mark."""
    mark = os.environ[RUN_MARK]
    subprocess.run(["sh", "-c", "sleep 120 >/dev/null 2>&1 &"], check=True)
    deadline = time.monotonic() + 10
    found: list[ProcessInfo] = []
    while not found and time.monotonic() < deadline:
        # The forked child may not have exec'd `sleep` yet when `sh` returns.
        found = [p for p in leftovers(os.getpid(), mark) if p.command == "sleep 120"]
        time.sleep(0.05)
    try:
        assert len(found) == 1 and found[0].ppid != os.getpid()
    finally:
        kill_all(found)
    time.sleep(0.2)
    assert not [p for p in leftovers(os.getpid(), mark) if p.command == "sleep 120"]


LEAKING_TEST = """
import subprocess


def test_leaks_a_process():
    subprocess.Popen(["sleep", "117"])
"""


def test_a_run_that_leaves_a_process_running_fails(tmp_path) -> None:
    """An inner pytest run with the session-end check: its one test passes, yet the run
    exits 1 naming the process, and the process is gone afterwards."""
    (tmp_path / "test_leak.py").write_text(LEAKING_TEST)
    root = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if k != RUN_MARK} | {
        "PYTHONPATH": str(root),
        "PYTEST_ARSHJUL_LEFTOVER_GRACE": "1",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "tests.process_check",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_leak.py"),
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    assert "processes started by the tests were still running" in done.stdout
    assert "sleep 117" in done.stdout
    time.sleep(0.2)
    assert not [p for p in processes() if p.command == "sleep 117" and p.state != "Z"]
