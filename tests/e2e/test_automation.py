"""The automation on a real Prefect server: planning a cycle schedules its milestone runs,
`arshjul prefect automation` creates the automation, and `arshjul serve`'s runner runs
what falls due. KF's budget decision, never recorded, ends "Försenad" (with no ERROR in
its log); its `arshjul.milestone.late` event sets off the automation, which runs
`decision_late` for that decision by name, and that tells the coordinators through our
outbox, once."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from arshjul.models.db import make_engine
from arshjul.models.tables import OutboxMessage
from sqlmodel import Session, select

from tests.e2e.conftest import ROOT
from tests.factories import MAIL_TEMPLATE, write
from tests.processes import stop

pytestmark = pytest.mark.e2e  # a Prefect server, a runner and four flow runs: about a minute

ARSHJUL = str(Path(sys.executable).with_name("arshjul"))


def _arshjul(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [ARSHJUL, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _runs(api: str) -> list[dict]:
    return httpx.post(f"{api}/flow_runs/filter", json={"limit": 50}, timeout=10).json()


def _logs(api: str, run_id: str, until: str) -> list[dict]:
    """The run's log lines through the API, once the one starting with `until` is in (a
    run's last lines arrive in batches)."""
    entries: list[dict] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        entries = httpx.post(
            f"{api}/logs/filter",
            json={"logs": {"flow_run_id": {"any_": [run_id]}}, "limit": 200},
            timeout=10,
        ).json()
        if any(e["message"].startswith(until) for e in entries):
            break
        time.sleep(1)
    return entries


def test_a_late_kf_decision_reaches_the_coordinators(
    operator_env: dict[str, str], tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'arshjul.db'}"
    env = operator_env | {
        "ARSHJUL_HOME": str(tmp_path / "home"),
        "ARSHJUL_DATABASE_URL": database_url,
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
    }
    api = env["PREFECT_API_URL"]
    template = write(tmp_path, MAIL_TEMPLATE)
    planned = _arshjul(env, "plan", str(template), "--year", "2020")
    assert "Prefect (milestone-due (serve)): 3 nya körningar" in planned
    made = _arshjul(env, "prefect", "automation")
    assert "Automationen 'arshjul: KF:s eller KS:s beslut försenat' är skapad" in made
    again = _arshjul(env, "prefect", "automation")  # replaced, not doubled
    automations = httpx.post(f"{api}/automations/filter", json={}, timeout=10).json()
    assert len(automations) == 1, again

    runner = subprocess.Popen(
        [sys.executable, "-m", "arshjul.flows.serve"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    engine = make_engine(database_url)
    try:
        told: list[OutboxMessage] = []
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not told:
            time.sleep(2)
            with Session(engine) as session:
                told = list(
                    session.exec(select(OutboxMessage).where(OutboxMessage.kind == "decision_late"))
                )
        assert told, "no decision_late notice in 180 s: " + str(
            [(r["name"], r["state_name"]) for r in _runs(api)]
        )
        assert [m.recipient for m in told] == ["samordnare@example.org"]  # the coordinator
        assert told[0].subject.startswith("Beslutet är försenat: Budget beslutas")

        by_name = {r["name"]: r for r in _runs(api)}
        assert by_name["9999 kf-budget 2020"]["state_name"] == "Försenad"
        assert by_name["9999 kf-budget 2020"]["state_type"] == "FAILED"
        assert by_name["9999 pf 2020"]["state_name"] == "Försenad"  # a document, not a decision
        late_runs = [r for r in _runs(api) if r["parameters"].get("flow_run_id")]
        assert len(late_runs) == 1  # only KF's decision set off the automation
        kf_run = by_name["9999 kf-budget 2020"]
        assert late_runs[0]["name"] == "sent beslut: KF budget 2020 (9999)"
        assert late_runs[0]["parameters"] == {
            "municipality": "9999",
            "budget_year": 2020,
            "milestone": "kf-budget",
            "decided_by": "KF",
            "flow_run_id": kf_run["id"],
        }
        # Försenad is the designed outcome: no ERROR, no traceback in the run's log
        logs = _logs(api, kf_run["id"], "Ended in the Failed-type state")
        assert [e["message"] for e in logs if e["level"] >= 40] == []
        assert not any("Traceback" in e["message"] for e in logs)
        assert any(e["message"].startswith("Ended in the Failed-type state") for e in logs), [
            e["message"] for e in logs
        ]
        with Session(engine) as session:
            overdue = session.exec(
                select(OutboxMessage).where(OutboxMessage.kind == "overdue")
            ).all()
        assert overdue  # the late runs queued their overdue notices too
    finally:
        stop(runner)
        engine.dispose()
