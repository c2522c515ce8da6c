"""Two process workers on one pool, one PostgreSQL: a real Prefect server, the deployments
from prefect.yaml, a throwaway PostgreSQL for arshjul's tables and a real SMTP server.
Sweeps and retry runs triggered at once, picked up by either worker, send every message
exactly once."""

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
from tests.postgres import throwaway_postgres
from tests.processes import stop
from tests.smtp_server import Inbox, start

pytestmark = pytest.mark.e2e  # a Prefect server, PostgreSQL and two workers: about a minute

TERMINAL = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")


def test_two_workers_on_one_postgresql_send_each_message_once(
    operator_env: dict[str, str], tmp_path: Path
) -> None:
    inbox = Inbox()
    smtp, smtp_port = start(inbox)
    workers: list[subprocess.Popen[bytes]] = []
    with throwaway_postgres("arshjul", driver="psycopg") as database_url:
        worker_env = worker_environment(operator_env, tmp_path / "home", database_url, smtp_port)
        engine = make_engine(database_url)
        api = operator_env["PREFECT_API_URL"]
        try:
            _prefect(operator_env, "work-pool", "create", "arshjul", "--type", "process")
            _prefect(operator_env, "--no-prompt", "deploy", "--all")
            for name in ("one", "two"):
                workers.append(
                    subprocess.Popen(
                        [PREFECT, "worker", "start", "--pool", "arshjul", "--name", name],
                        env=worker_env,
                        cwd=ROOT,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                        start_new_session=True,
                    )
                )
            for deployment in (
                "send-reminders/send-reminders",
                "deliver-retries/deliver-retries",
                "send-reminders/send-reminders",
                "deliver-retries/deliver-retries",
            ):
                _prefect(
                    operator_env,
                    "deployment",
                    "run",
                    deployment,
                    "--param",
                    "now=2019-05-06T05:00:00+00:00",
                )
            runs: list[dict] = []
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline:
                runs = [
                    r
                    for r in httpx.post(
                        f"{api}/flow_runs/filter", json={"limit": 50}, timeout=10
                    ).json()
                    if r["parameters"].get("now")
                ]
                if len(runs) == 4 and all(r["state"]["type"] in TERMINAL for r in runs):
                    break
                time.sleep(1)
            states = [(r["name"], r["state"]["type"], r["state"]["name"]) for r in runs]
            assert len(runs) == 4 and all(r["state"]["type"] in TERMINAL for r in runs), states
            assert not [s for s in states if s[1] in ("FAILED", "CRASHED")], states

            with Session(engine) as session:
                rows = session.exec(select(OutboxMessage)).all()
            assert rows and {row.state for row in rows} == {"sent"}
            # every message once: as many transmissions as rows, each Message-ID once
            assert inbox.transmissions == len(rows) == len(set(inbox.ids()))
        finally:
            for worker in workers:
                stop(worker)
            smtp.stop()
            engine.dispose()
