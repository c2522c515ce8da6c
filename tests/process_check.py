"""The session-end check, as pytest hooks (tests/conftest.py imports them): the run is
marked, and it fails if any process it started is still alive when it ends."""

from __future__ import annotations

import os
import time
import uuid

import pytest

from tests.processes import RUN_MARK, kill_all, leftovers

# Seconds a process stopped at the very end may take to exit (the check's own test sets less).
GRACE_VARIABLE = "PYTEST_ARSHJUL_LEFTOVER_GRACE"


def pytest_configure(config: pytest.Config) -> None:
    """Mark the run: every process a test starts inherits RUN_MARK, so the session-end
    check finds it even when it outlived its parent."""
    os.environ.setdefault(RUN_MARK, uuid.uuid4().hex)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if any process it started is still alive (after the session's
    fixtures were torn down and a short grace); the leftovers are named and killed."""
    mark = os.environ.get(RUN_MARK)
    if not mark:
        return
    _stop_resource_tracker()
    deadline = time.monotonic() + float(os.environ.get(GRACE_VARIABLE, "10"))
    found = leftovers(os.getpid(), mark)
    while found and time.monotonic() < deadline:
        time.sleep(0.5)
        found = leftovers(os.getpid(), mark)
    if not found:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"  pid {p.pid} (parent {p.ppid}, {p.state}): {p.command[:200]}" for p in found]
    message = "processes started by the tests were still running:\n" + "\n".join(lines)
    if reporter is not None:
        reporter.write_line("")
        reporter.write_line(message, red=True, bold=True)
    kill_all(found)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _stop_resource_tracker() -> None:
    """multiprocessing's resource tracker (started by a test's spawn context) lives until
    the interpreter exits, by design: stop it the way the interpreter would."""
    from multiprocessing import resource_tracker

    stop = getattr(resource_tracker._resource_tracker, "_stop", None)
    if stop is not None:
        stop()
