"""`arshjul serve` on an embedded setup really serves: its local Prefect server's scheduler
makes runs that complete, its deployments keep names of their own, and Ctrl-C stops the
runner and the server and leaves no run in flight."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from arshjul.core.instants import STOCKHOLM
from tests.processes import stop

pytestmark = pytest.mark.e2e  # a Prefect server and served runs: about a minute

ARSHJUL = str(Path(sys.executable).with_name("arshjul"))


def test_serve_fires_its_schedule_and_stops_cleanly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ARSHJUL_"))}
    env |= {"ARSHJUL_HOME": str(tmp_path / "home"), "DO_NOT_TRACK": "1"}
    subprocess.run([ARSHJUL, "init"], env=env, check=True, capture_output=True)
    served = subprocess.Popen(
        [ARSHJUL, "serve", "--every", "3"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        first = served.stdout.readline() if served.stdout else ""
        api = first.split("Prefect-servern: ", 1)[1].split(" ", 1)[0]
        completed: list[dict] = []
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline and len(completed) < 2:
            time.sleep(2)
            runs = httpx.post(
                f"{api}/flow_runs/filter",
                json={"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}},
                timeout=10,
            ).json()
            completed = [r for r in runs if r["name"]]
        assert len(completed) >= 2, "the served schedule made no completed runs in 150 s"
        # each sweep is named for the Stockholm day it covered (today; tomorrow near midnight)
        days = {dt.datetime.now(STOCKHOLM).date() + dt.timedelta(days=n) for n in (-1, 0, 1)}
        sweeps = {r["name"] for r in completed if not r["name"].startswith("omförsök ")}
        assert sweeps and sweeps <= {f"utskick {d.isoformat()}" for d in days}, sweeps
        names = {d["name"] for d in httpx.post(f"{api}/deployments/filter", json={}).json()}
        assert names == {
            "send-reminders (serve)",
            "deliver-retries (serve)",
            "plan-cycle (serve)",
            "milestone-due (serve)",
            "decision-late (serve)",
        }  # never the names `prefect deploy` uses for prefect.yaml's deployments
    finally:
        served.send_signal(signal.SIGINT)
        try:
            out, _ = served.communicate(timeout=90)
        finally:
            stop(served)
    assert served.returncode == 0
    assert "Avslutat:" in out
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{api}/health", timeout=2)
