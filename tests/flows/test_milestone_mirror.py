"""The cycle mirrored in Prefect, on Prefect's real (test) server: planning Timrå 2020 makes
one scheduled `milestone_due` run per milestone at the end of its deadline day, re-planning
reschedules and prunes them without duplicates, and a run that fires judges the milestone:
"Försenad" with its artifact and overdue notices, or Completed once everyone handed in."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from arshjul.flows.milestone_due import artifact_key, milestone_due
from arshjul.flows.mirror import scheduled_at
from arshjul.flows.plan_cycle import plan_cycle
from arshjul.models.db import make_engine
from arshjul.models.tables import OutboxMessage
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterKey,
    FlowRunFilter,
    FlowRunFilterTags,
)
from prefect.flow_engine import run_flow
from sqlmodel import Session, select

from arshjul.core.milestone_runs import end_of_day
from arshjul.cycle_templates import resolve
from arshjul.services.planning import check
from arshjul.services.submissions import SubmissionIn, submit
from tests.factories import at, ctx_for, write

pytestmark = pytest.mark.e2e  # Prefect's test server

TAGS = ["arshjul", "kommun:2262", "budgetår:2020"]


async def _runs() -> list[Any]:
    async with get_client() as client:
        return await client.read_flow_runs(
            flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=TAGS)), limit=200
        )


def runs() -> dict[str, Any]:
    """Timrå 2020's runs by milestone; fails on a duplicate."""
    found = asyncio.run(_runs())
    keys = [next(t[10:] for t in r.tags if t.startswith("milstolpe:")) for r in found]
    assert not [k for k, n in Counter(keys).items() if n > 1], "a milestone has two runs"
    return dict(zip(keys, found, strict=True))


@pytest.fixture(autouse=True)
def no_runs_left() -> None:
    """Each test starts with no Timrå 2020 runs on the session's server."""

    async def clear() -> None:
        async with get_client() as client:
            for run in await _runs():
                await client.delete_flow_run(run.id)

    asyncio.run(clear())


def test_planning_schedules_one_run_per_milestone_at_the_end_of_its_day() -> None:
    changes = plan_cycle(template="timra", budget_year=2020)
    planned = check("timra", 2020).plan
    assert planned is not None
    found = runs()
    assert set(found) == {m.key for m in planned.milestones}
    assert changes["runs"]["created"] == len(planned.milestones) == 39
    for m in planned.milestones:
        assert found[m.key].expected_start_time == end_of_day(m.deadline.date), m.key
        assert found[m.key].state_name == "Scheduled"
    # both sides of the change to summer time on 31 March 2019 and back on 27 October
    assert found["planeringsforutsattningar"].expected_start_time.isoformat() == (
        "2019-02-28T23:00:00+00:00"
    )
    assert found["kf-styrdokument"].expected_start_time.isoformat() == "2019-06-17T22:00:00+00:00"
    assert found["kf-budget"].expected_start_time.isoformat() == "2019-11-25T23:00:00+00:00"
    budget = found["kf-budget"]
    assert budget.name == "2262 kf-budget 2020"
    assert {"fas:beslut", "beslut:KF", "organ:KF", "kommun:2262"} <= set(budget.tags)
    assert budget.parameters["deliverables"] == [
        {
            "body": "KF",
            "deliverable": "KF beslut om verksamhetsplan och budget med flerårsplan, "
            "skattesats och budgetramar",
        }
    ]
    again = plan_cycle(template="timra", budget_year=2020)
    assert again["runs"]["created"] == 0 and again["runs"]["unchanged"] == 39
    assert {k: r.id for k, r in runs().items()} == {k: r.id for k, r in found.items()}


def test_moving_a_meeting_reschedules_the_dependent_runs_and_removes_the_orphans(
    tmp_path: Path,
) -> None:
    plan_cycle(template="timra", budget_year=2020)
    before = runs()
    text = resolve("timra").read_text(encoding="utf-8")
    moved = text.replace(
        "      - {month: 11, weekday: monday, nth: -1}",
        "      - {month: 11, weekday: monday, nth: 3}",
    )
    without_justering = (
        moved[: moved.index("  - key: justering-kf")]
        + moved[moved.index("  # --- The budget, Timrå's old timetable") :]
    )
    path = write(tmp_path, without_justering, "timra.yaml")
    changes = plan_cycle(template=str(path), budget_year=2020)
    new_plan = check(str(path), 2020).plan
    old_plan = check("timra", 2020).plan
    assert new_plan is not None and old_plan is not None
    after = runs()
    assert set(after) == {m.key for m in new_plan.milestones}  # no orphan, no duplicate
    assert not any(k.startswith("justering-kf@") for k in after)
    old = {m.key: m.deadline.date for m in old_plan.milestones}
    shifted = {m.key for m in new_plan.milestones if old[m.key] != m.deadline.date}
    assert {"kf-budget", "kungorelse-kf@kf-budget", "samverkan-verksamhetsplan"} <= shifted
    assert changes["runs"]["rescheduled"] == len(shifted)
    for m in new_plan.milestones:
        assert scheduled_at(after[m.key]) == end_of_day(m.deadline.date), m.key
        assert after[m.key].id == before[m.key].id  # the same run, moved
    assert scheduled_at(after["kf-budget"]).isoformat() == "2019-11-18T23:00:00+00:00"


async def _read(run_id: Any) -> Any:
    async with get_client() as client:
        return await client.read_flow_run(run_id)


async def _artifact(key: str) -> str:
    async with get_client() as client:
        found = await client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
        )
        return str(found[-1].data)


def fire(run: Any) -> Any:
    """Run the scheduled flow run itself, here, as a runner would when it falls due."""
    flow_run = asyncio.run(_read(run.id))
    return run_flow(
        milestone_due, flow_run=flow_run, parameters=flow_run.parameters, return_type="state"
    )


def test_a_run_with_nothing_handed_in_ends_late_with_its_artifact_and_notices(
    database_url: str,
) -> None:
    plan_cycle(template="timra", budget_year=2020)
    state = fire(runs()["budgetunderlag"])
    assert state.is_failed() and state.name == "Försenad"
    assert asyncio.run(_read(runs()["budgetunderlag"].id)).state_name == "Försenad"
    report = asyncio.run(_artifact(artifact_key("2262", 2020, "budgetunderlag")))
    assert "Försenad: 5 har inte lämnat in" in report
    assert "| BUN Barn- och utbildningsnämnden | försenad |" in report
    with Session(make_engine(database_url)) as session:
        overdue = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "overdue")).all()
    assert {m.recipient for m in overdue} >= {"bun.sekreterare@example.org", "ekonomi@example.org"}
    assert all("Nämndens budgetunderlag" in m.subject for m in overdue)


def test_a_run_after_every_hand_in_ends_completed(database_url: str, tmp_path: Path) -> None:
    plan_cycle(template="timra", budget_year=2020)
    engine = make_engine(database_url)
    document = write(tmp_path, "Protokoll från samverkan\n", "mbl.txt")
    for body in ("KS", "BUN", "KTN", "MBN", "SN"):
        secretary = f"{body.lower()}.sekreterare@example.org"
        submit(
            ctx_for(engine, secretary, at("2019-09-09", 10)),
            SubmissionIn(f"samverkan-budget/{body}", (document,), municipality="2262", year=2020),
        )
    state = fire(runs()["samverkan-budget"])
    assert state.is_completed() and state.name == "Completed"
    report = asyncio.run(_artifact(artifact_key("2262", 2020, "samverkan-budget")))
    assert "Alla har lämnat in" in report and "2019-09-09 10:00" in report
    with Session(engine) as session:
        assert (
            session.exec(select(OutboxMessage).where(OutboxMessage.kind == "overdue")).all() == []
        )


def test_a_milestone_that_opens_on_a_decision_still_waits() -> None:
    plan_cycle(template="timra", budget_year=2020)
    state = fire(runs()["verksamhetsplan"])  # KF's budget decision is not recorded
    assert state.is_completed() and state.name == "Väntar på beslut"


def test_artifact_keys_are_what_prefect_accepts() -> None:
    assert artifact_key("2262", 2020, "kungorelse-kf@KF-2019-02-18") == (
        "milstolpe-2262-2020-kungorelse-kf-kf-2019-02-18"
    )
    assert artifact_key("2262", 2020, "årsredovisning") == "milstolpe-2262-2020-arsredovisning"
