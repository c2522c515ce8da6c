"""Processes a test starts, always stopped: SIGTERM to the whole process group, SIGKILL to
it after a grace period, whether the test passed or failed (a `prefect worker` that does
not exit within its grace on a loaded machine is killed, not left running for minutes).

Every process the test run starts carries RUN_MARK in its environment (tests/conftest.py
sets it for the session), so the session-end check can find one even after its parent
died and it was handed to init: `leftovers()` lists them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RUN_MARK = "PYTEST_ARSHJUL_RUN"  # not ARSHJUL_*: the tests' clean environment drops those
GRACE = 15.0  # seconds between SIGTERM and SIGKILL


@contextlib.contextmanager
def running(
    args: Sequence[str], *, grace: float = GRACE, **options: Any
) -> Iterator[subprocess.Popen[Any]]:
    """`subprocess.Popen(args, **options)` in a process group of its own, stopped on exit."""
    process: subprocess.Popen[Any] = subprocess.Popen(args, start_new_session=True, **options)
    try:
        yield process
    finally:
        stop(process, grace=grace)


def stop(process: subprocess.Popen[Any], *, grace: float = GRACE) -> None:
    """SIGTERM to the process's group; SIGKILL to the group when the leader has not exited
    within `grace` seconds, or when members are still alive a moment after it did."""
    _signal_group(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        _signal_group(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    deadline = time.monotonic() + min(grace, 5.0)
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    _signal_group(process.pid, signal.SIGKILL)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _group_alive(pgid: int) -> bool:
    return any(p.pgid == pgid and p.state != "Z" for p in processes())


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    ppid: int
    pgid: int
    state: str  # R, S, D, Z, …
    command: str


def processes() -> list[ProcessInfo]:
    """Every process of the machine, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        found.append(
            ProcessInfo(int(entry.name), int(fields[1]), int(fields[2]), fields[0], command.strip())
        )
    return found


def _marked(pid: int, mark: str) -> bool:
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False
    return f"{RUN_MARK}={mark}".encode() in environ.split(b"\0")


def leftovers(root: int, mark: str) -> list[ProcessInfo]:
    """The live processes started by the run: descendants of `root`, and processes carrying
    the run's mark wherever they were reparented to. Zombies do not count."""
    every = processes()
    children: dict[int, list[ProcessInfo]] = {}
    for p in every:
        children.setdefault(p.ppid, []).append(p)
    found: dict[int, ProcessInfo] = {}
    stack = list(children.get(root, []))
    while stack:
        p = stack.pop()
        found[p.pid] = p
        stack.extend(children.get(p.pid, []))
    for p in every:
        if p.pid != root and p.pid not in found and _marked(p.pid, mark):
            found[p.pid] = p
    return sorted((p for p in found.values() if p.state != "Z"), key=lambda p: p.pid)


def kill_all(found: list[ProcessInfo]) -> None:
    for p in found:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(p.pid, signal.SIGKILL)
