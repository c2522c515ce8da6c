"""`arshjul prefect sync` against prefect.yaml's `milestone-due` deployment, whose tags
(`arshjul`, `milestones`) Prefect gives every run it creates for it: a sync right after
planning, and another after it, find nothing to change."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from arshjul.flows.milestone_due import milestone_due
from arshjul.flows.mirror import DEPLOYMENT
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags
from sqlalchemy import Engine
from typer.testing import CliRunner

from arshjul.cli import app
from tests.busy_proxy import Busy, Rule, start
from tests.factories import SMALL_TEMPLATE, plan_into, write

pytestmark = pytest.mark.e2e  # Prefect's test server

ROOT = Path(__file__).resolve().parents[2]
TAGS = ["arshjul", "kommun:9999", "budgetår:2020"]


def _yaml_tags() -> list[str]:
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    (deployment,) = [d for d in config["deployments"] if d["name"] == DEPLOYMENT]
    return list(deployment["tags"])


async def _runs() -> list[Any]:
    async with get_client() as client:
        return await client.read_flow_runs(
            flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=TAGS)), limit=50
        )


async def _clear(deployment: Any = None) -> None:
    async with get_client() as client:
        for run in await _runs():
            await client.delete_flow_run(run.id)
        if deployment is not None:
            await client.delete_deployment(deployment)


@pytest.fixture
def yaml_deployment() -> Iterator[list[str]]:
    """`milestone-due` as `prefect deploy` makes it from prefect.yaml (its tags), removed
    afterwards so the other tests go on mirroring into the served one."""
    tags = _yaml_tags()
    made = milestone_due.to_deployment(name=DEPLOYMENT, tags=tags)
    assert not asyncio.iscoroutine(made)
    deployment = made.apply()
    asyncio.run(_clear())
    try:
        yield tags
    finally:
        asyncio.run(_clear(deployment))


def test_a_sync_after_planning_changes_nothing(tmp_path: Path, yaml_deployment: list[str]) -> None:
    assert "milestones" in yaml_deployment
    runner = CliRunner()
    path = write(tmp_path, SMALL_TEMPLATE)
    planned = runner.invoke(app, ["plan", str(path), "--year", "2020"])
    assert planned.exit_code == 0, planned.output
    assert f"Prefect ({DEPLOYMENT}): 3 nya körningar" in planned.stdout
    runs = asyncio.run(_runs())
    assert len(runs) == 3 and all(set(yaml_deployment) <= set(r.tags) for r in runs)
    for _ in range(2):
        synced = runner.invoke(app, ["prefect", "sync", "-m", "9999", "-y", "2020"])
        assert synced.exit_code == 0, synced.output
        assert (
            f"Prefect ({DEPLOYMENT}): 0 nya körningar, 0 omplanerade, 0 ändrade, "
            "0 borttagna, 3 oförändrade"
        ) in synced.stdout
    assert {r.id for r in asyncio.run(_runs())} == {r.id for r in runs}


@pytest.fixture
def busy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Busy]:
    """Prefect's test server behind a proxy that is busy on cue; the client sends through
    it and makes no retries of its own, so what is tested is the sync's own patience
    (3 s in all for a call, pauses from 0.1 s)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_CLIENT_MAX_RETRIES, temporary_settings

    from arshjul.settings import get_settings

    monkeypatch.setenv("ARSHJUL_PREFECT_BUSY_SECONDS", "3")
    get_settings.cache_clear()

    proxy = Busy(str(PREFECT_API_URL.value()))
    server, url = start(proxy)
    asyncio.run(_clear())
    try:
        with temporary_settings({PREFECT_API_URL: url, PREFECT_CLIENT_MAX_RETRIES: 0}):
            yield proxy
    finally:
        server.shutdown()
        server.server_close()
        asyncio.run(_clear())


BULK = r"/create_flow_run/bulk$"
READ = r"/flow_runs/filter$"
SYNC = ["prefect", "sync", "-m", "9999", "-y", "2020"]


def test_a_sync_waits_for_a_busy_server(busy: Busy, engine: Engine) -> None:
    """Refused (503, 429), cut off, and a creation whose answer was lost: the sync tries
    again and ends with each run once."""
    plan_into(engine)
    busy.rules = [
        Rule("POST", READ, "429", times=2),
        Rule("POST", READ, "drop", times=1),
        Rule("POST", BULK, "503", times=2),
        Rule("POST", BULK, "lose", times=1),  # created, but the client never hears so
    ]
    synced = CliRunner().invoke(app, SYNC)
    assert synced.exit_code == 0, synced.output
    assert "Prefect (milestone-due (serve)): 3 nya körningar" in synced.stdout
    assert [busy.refused(a) for a in ("429", "drop", "503", "lose")] == [2, 1, 2, 1]
    runs = asyncio.run(_runs())
    assert len(runs) == 3 and len({r.name for r in runs}) == 3  # none twice


def test_what_a_busy_server_would_not_take_is_named_and_the_next_sync_finishes(
    busy: Busy, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from arshjul.settings import get_settings

    plan_into(engine)
    monkeypatch.setenv("ARSHJUL_PREFECT_BUSY_SECONDS", "0.3")
    get_settings.cache_clear()
    busy.rules = [Rule("POST", BULK, "503", times=-1)]
    refused = CliRunner().invoke(app, SYNC)
    assert refused.exit_code == 3, refused.output
    assert "Prefect tog inte emot 3 ändringar" in refused.stderr
    assert refused.stderr.count(": 503 Service Unavailable") == 3
    assert busy.refused("503") == 6  # each try of the one batch
    assert "0 nya körningar" in refused.stdout and asyncio.run(_runs()) == []
    busy.rules = []  # the server has time again: the next sync makes what is missing
    finished = CliRunner().invoke(app, SYNC)
    assert finished.exit_code == 0, finished.output
    assert "3 nya körningar" in finished.stdout and len(asyncio.run(_runs())) == 3
