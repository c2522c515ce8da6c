"""The cycle mirrored in Prefect, on Prefect's real (test) server: planning Timrå 2020 makes
one scheduled `milestone_due` run per milestone at 23:59 on its deadline day, re-planning
reschedules and prunes them without duplicates, and a run that fires judges the milestone
as of the day's end: "Försenad" with its artifact, overdue notices and the event the
decision-late automation waits for, or Completed once everyone handed in."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from arshjul.flows.endings import (
    ENDED,
    ENGINE_EXIT,
    ReturnedFailureIsNotACrash,
    quiet_returned_failures,
)
from arshjul.flows.milestone_due import LATE_EVENT, artifact_key, judging_context, milestone_due
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
from prefect.exceptions import FailedRun
from prefect.flow_engine import flow_run_logger, run_flow
from sqlmodel import Session, select

from arshjul.context import Context
from arshjul.core.milestone_runs import end_of_day, run_start
from arshjul.cycle_templates import resolve
from arshjul.services.planning import check
from arshjul.services.submissions import SubmissionIn, submit
from arshjul.settings import get_settings
from tests.factories import MAIL_TEMPLATE, at, ctx_for, plan_into, write

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


def test_planning_schedules_one_run_per_milestone_on_its_deadline_day() -> None:
    changes = plan_cycle(template="timra", budget_year=2020)
    planned = check("timra", 2020).plan
    assert planned is not None
    found = runs()
    assert set(found) == {m.key for m in planned.milestones}
    assert changes["runs"]["created"] == len(planned.milestones) == 39
    for m in planned.milestones:
        assert found[m.key].expected_start_time == run_start(m.deadline.date), m.key
        assert found[m.key].state_name == "Scheduled"
    # 23:59 Stockholm on both sides of the change to summer time on 31 March 2019 and back
    # on 27 October: what the UI shows as the run's date is the deadline day
    assert found["planeringsforutsattningar"].expected_start_time.isoformat() == (
        "2019-02-28T22:59:00+00:00"
    )
    assert found["kf-styrdokument"].expected_start_time.isoformat() == "2019-06-17T21:59:00+00:00"
    assert found["kf-budget"].expected_start_time.isoformat() == "2019-11-25T22:59:00+00:00"
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
        assert scheduled_at(after[m.key]) == run_start(m.deadline.date), m.key
        assert after[m.key].id == before[m.key].id  # the same run, moved
    assert scheduled_at(after["kf-budget"]).isoformat() == "2019-11-18T22:59:00+00:00"


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


async def _late_events(run_id: Any) -> list[dict[str, Any]]:
    """The `arshjul.milestone.late` events of one run (the server records events in
    batches: wait for them a little)."""
    query = {
        "filter": {
            "event": {"name": [LATE_EVENT]},
            "related": {"id": [f"prefect.flow-run.{run_id}"]},
        }
    }
    async with get_client() as client:
        for _ in range(40):
            found = (await client._client.post("/events/filter", json=query)).json()["events"]
            if found:
                return list(found)
            await asyncio.sleep(0.25)
    return []


def test_a_run_with_nothing_handed_in_ends_late_with_its_artifact_and_notices(
    database_url: str,
) -> None:
    plan_cycle(template="timra", budget_year=2020)
    run = runs()["budgetunderlag"]
    state = fire(run)
    assert state.is_failed() and state.name == "Försenad"
    assert asyncio.run(_read(run.id)).state_name == "Försenad"
    (event,) = asyncio.run(_late_events(run.id))
    assert event["follows"] is None  # so Prefect's trigger service never holds it back
    assert event["resource"]["prefect.resource.id"] == "arshjul.milestone.2262.2020.budgetunderlag"
    assert event["resource"]["arshjul.decided-by"] == ""  # a hand-in, not a decision
    assert event["payload"]["missing"] == ["KS", "BUN", "KTN", "MBN", "SN"]
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


def test_a_late_decision_says_so_with_its_deciding_body() -> None:
    plan_cycle(template="timra", budget_year=2020)
    run = runs()["kf-budget"]
    assert fire(run).name == "Försenad"
    (event,) = asyncio.run(_late_events(run.id))
    assert event["resource"]["arshjul.decided-by"] == "KF"
    related = {r["prefect.resource.id"] for r in event["related"]}
    assert {"prefect.tag.beslut:KF", f"prefect.flow-run.{run.id}"} <= related


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_late_run_started_as_a_worker_starts_it_logs_no_error() -> None:
    """`python -m prefect.engine` (a worker's or serve's flow-run process) hands run_flow an
    error logger, which logs every Failed final state as a crash; the run's own exit is
    said at INFO, without a traceback."""
    plan_cycle(template="timra", budget_year=2020)
    flow_run = asyncio.run(_read(runs()["budgetunderlag"].id))
    records = Records()
    logger = logging.getLogger("prefect.flow_runs")
    logger.addHandler(records)
    try:
        with pytest.raises(FailedRun):
            run_flow(milestone_due, flow_run=flow_run, error_logger=flow_run_logger(flow_run))
    finally:
        logger.removeHandler(records)
    assert [r.levelname for r in records.records if r.levelno >= logging.ERROR] == []
    (ended,) = [r for r in records.records if r.msg == ENDED]
    assert ended.levelname == "INFO" and ended.exc_info is None
    assert ended.getMessage().endswith("budgetunderlag: KS, BUN, KTN, MBN, SN")
    assert ENGINE_EXIT == "Engine execution exited with unexpected exception"  # Prefect's text


def test_a_crash_is_still_an_error() -> None:
    """Only a returned Failed state is quieted: any other exception that ends the engine
    stays an ERROR with its traceback."""
    for error in (RuntimeError("database gone"), KeyError("municipality")):
        record = logging.LogRecord(
            "prefect.flow_runs",
            logging.ERROR,
            __file__,
            1,
            ENGINE_EXIT,
            (),
            (type(error), error, None),
        )
        assert ReturnedFailureIsNotACrash().filter(record)
        assert record.levelname == "ERROR" and record.exc_info is not None
    quiet_returned_failures()  # installed once, however often the flow modules are imported
    installed = logging.getLogger("prefect.flow_runs").filters
    assert sum(isinstance(f, ReturnedFailureIsNotACrash) for f in installed) == 1


def test_a_run_scheduled_at_23_59_judges_as_of_the_end_of_the_day(engine: Any) -> None:
    """A hand-in in the deadline day's last minute is on time: the run waits it out."""
    plan_into(engine, MAIL_TEMPLATE)
    end = end_of_day(dt.date(2019, 5, 7))  # the small wheel's budget deadline
    clock = [end - dt.timedelta(seconds=62)]  # the run started two seconds early
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += dt.timedelta(seconds=seconds)

    ctx = Context.create(get_settings(), engine=engine, clock=lambda: clock[0])
    who = {"code": "9999", "budget_year": 2020, "milestone": "budget"}
    judged = judging_context(ctx, **who, sleep=sleep)
    assert slept == [62.0] and judged.now() == end
    started_late = ctx.at(end + dt.timedelta(hours=7))
    assert judging_context(started_late, **who, sleep=sleep).now() == end and slept == [62.0]
