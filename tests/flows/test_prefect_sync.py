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
from typer.testing import CliRunner

from arshjul.cli import app
from tests.factories import SMALL_TEMPLATE, write

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
