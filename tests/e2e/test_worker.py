"""The deployments as an operator runs them: a real Prefect server, a process worker on the
`arshjul` pool, the deployments from prefect.yaml, a real SMTP server. A sweep triggered
through the server sends the outbox, leaves its report artifact and its log lines in the
server, and no setting travels as a parameter."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx
import pytest
from arshjul.models.db import make_engine
from arshjul.models.tables import OutboxMessage
from sqlmodel import Session, select

from tests.e2e.conftest import PREFECT, ROOT, _prefect, worker_environment
from tests.processes import stop
from tests.smtp_server import Inbox, start

pytestmark = pytest.mark.e2e  # a Prefect server and a worker: about a minute


def test_a_worker_runs_the_deployed_sweep(operator_env: dict[str, str], tmp_path: Path) -> None:
    inbox = Inbox()
    smtp, smtp_port = start(inbox)
    database_url = f"sqlite:///{tmp_path / 'arshjul.db'}"
    worker_env = worker_environment(operator_env, tmp_path / "home", database_url, smtp_port)
    engine = make_engine(database_url)
    api = operator_env["PREFECT_API_URL"]
    worker = None
    try:
        _prefect(operator_env, "work-pool", "create", "arshjul", "--type", "process")
        deployed = _prefect(operator_env, "--no-prompt", "deploy", "--all")
        assert "send-reminders/send-reminders" in deployed
        run = _prefect(
            operator_env,
            "deployment",
            "run",
            "send-reminders/send-reminders",
            "--param",
            "now=2019-05-06T05:00:00+00:00",
        )
        assert "database_url" not in run
        worker = subprocess.Popen(
            [PREFECT, "worker", "start", "--pool", "arshjul"],
            env=worker_env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        flow_run = None
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            runs = httpx.post(f"{api}/flow_runs/filter", json={"limit": 10}, timeout=10).json()
            swept = [r for r in runs if r["parameters"].get("now")]
            if swept and swept[0]["state"]["type"] in ("COMPLETED", "FAILED", "CRASHED"):
                flow_run = swept[0]
                break
            time.sleep(1)
        assert flow_run is not None, "the worker did not finish the sweep in 150 s"
        assert flow_run["state"]["type"] == "COMPLETED", flow_run["state"]
        assert set(flow_run["parameters"]) == {"now", "batch_size"}
        assert flow_run["name"] == "utskick 2019-05-06"  # the day it covered, not a random name

        with Session(engine) as session:
            states = {(row.kind, row.state) for row in session.exec(select(OutboxMessage))}
        # every notice, and the auditors' copy of the seal the sweep made at its end
        assert {state for _kind, state in states} == {"sent"} and ("checkpoint", "sent") in states
        assert inbox.transmissions == 6

        artifacts = httpx.post(
            f"{api}/artifacts/filter",
            json={"artifacts": {"key": {"any_": ["sweep"]}}},
            timeout=10,
        ).json()
        assert artifacts and "| skickade | 6 |" in artifacts[0]["data"]

        messages: list[str] = []
        deadline = time.monotonic() + 30  # a run's last log lines arrive in batches
        while time.monotonic() < deadline and not any(m.startswith("queued") for m in messages):
            time.sleep(1)
            logs = httpx.post(
                f"{api}/logs/filter",
                json={"logs": {"flow_run_id": {"any_": [flow_run["id"]]}}, "limit": 200},
                timeout=10,
            ).json()
            messages = [entry["message"] for entry in logs]
        assert any(m.startswith("queued 5 new of") for m in messages), "\n".join(messages)
    finally:
        if worker is not None:
            stop(worker)
        smtp.stop()
        engine.dispose()
