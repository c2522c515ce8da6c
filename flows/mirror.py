"""The Prefect client edge of the cycle's mirror: read the runs of a cycle from the server,
and create, reschedule, update and delete them as arshjul.core.milestone_runs.sync_plan
says, many calls at once (a national sync is thousands of runs).

The runs belong to the `milestone-due` deployment that `prefect deploy` makes from
prefect.yaml; without it (the embedded default) to "milestone-due (serve)", which
`arshjul serve` serves and this module registers if it is not there yet."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple, TypeVar
from uuid import UUID

from prefect.client.orchestration import PrefectClient, get_client
from prefect.client.schemas.actions import DeploymentFlowRunCreate
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterId,
    FlowRunFilter,
    FlowRunFilterTags,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.exceptions import ObjectNotFound
from prefect.states import Scheduled, to_state_create
from prefect.utilities.asyncutils import run_coro_as_sync

from arshjul.context import Context
from arshjul.core.milestone_runs import (
    DesiredRun,
    ExistingRun,
    MirrorMilestone,
    RunState,
    SyncPlan,
    cycle_tags,
    desired_runs,
    sync_plan,
)
from arshjul.services.milestone_mirror import mirror_milestones, planned_cycles

FLOW_NAME = "milestone_due"
DEPLOYMENT = "milestone-due"
SERVED = f"{DEPLOYMENT} (serve)"
CONCURRENCY = 16  # calls in flight: the server's database, not the client, is the limit
PAGE = 200
BULK = 100  # the server's limit for one bulk create
BULK_IN_FLIGHT = CONCURRENCY  # on PostgreSQL 16 in flight create twice as fast as 4
CREATE_ATTEMPTS = 2  # bulk tries before the rest go one by one

T = TypeVar("T")


@dataclass
class SyncResult:
    deployment: str = ""
    created: int = 0
    rescheduled: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    runs: list[str] = field(default_factory=list)  # "name at UTC instant", as scheduled


class Target(NamedTuple):
    """The deployment the runs belong to, and the tags Prefect gives each run it creates
    for it (prefect.yaml's `milestones`), which a sync must keep."""

    id: UUID
    name: str
    tags: tuple[str, ...]


async def deployment_id(client: PrefectClient, *, register: bool = True) -> Target:
    """The deployment the runs belong to: prefect.yaml's, else the served one (registered
    here when `register`, so runs planned before `arshjul serve` starts are its to run)."""
    for name in (DEPLOYMENT, SERVED):
        try:
            found = await client.read_deployment_by_name(f"{FLOW_NAME}/{name}")
            return Target(found.id, name, tuple(found.tags))
        except ObjectNotFound:
            continue
    if not register:
        raise ObjectNotFound(http_exc=Exception(f"no deployment {FLOW_NAME}/{DEPLOYMENT}"))
    from arshjul.flows.milestone_due import milestone_due

    created = await (await milestone_due.ato_deployment(name=SERVED)).aapply()
    return Target(created, SERVED, ())


async def _gather(calls: Iterable[Callable[[], Awaitable[T]]], limit: int = CONCURRENCY) -> list[T]:
    gate = asyncio.Semaphore(limit)

    async def one(call: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await call()

    return list(await asyncio.gather(*(one(c) for c in calls)))


def _state(run: FlowRun) -> RunState:
    kind = run.state_type
    if kind is StateType.SCHEDULED:
        return RunState.SCHEDULED
    if kind is StateType.PENDING:
        return RunState.PENDING
    if kind is StateType.RUNNING:
        return RunState.RUNNING
    return RunState.OTHER


def scheduled_at(run: FlowRun) -> dt.datetime | None:
    """When a waiting run will start (a rescheduled run keeps its first expected start, so
    read its state), else when it was expected to."""
    details = run.state.state_details if run.state is not None else None
    if run.state_type is StateType.SCHEDULED and details and details.scheduled_time:
        return details.scheduled_time
    return run.expected_start_time


def _existing(run: FlowRun) -> ExistingRun:
    milestone = next((t.split(":", 1)[1] for t in run.tags if t.startswith("milstolpe:")), None)
    return ExistingRun(
        str(run.id),
        milestone,
        scheduled_at(run),
        _state(run),
        run.name,
        tuple(run.tags),
        dict(run.parameters),
    )


async def existing_runs(
    client: PrefectClient, deployment: UUID, tags: tuple[str, ...]
) -> list[ExistingRun]:
    """Every run of the deployment carrying all of `tags`, page by page."""
    found: list[ExistingRun] = []
    offset = 0
    while True:
        page = await client.read_flow_runs(
            flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=list(tags))),
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment])),
            limit=PAGE,
            offset=offset,
        )
        found += [_existing(r) for r in page]
        if len(page) < PAGE:
            return found
        offset += PAGE


async def apply(client: PrefectClient, deployment: UUID, plan: SyncPlan) -> None:
    """Make the changes, CONCURRENCY calls at a time."""

    def reschedule(run_id: str, at: dt.datetime) -> Callable[[], Awaitable[Any]]:
        return lambda: client.set_flow_run_state(
            UUID(run_id), Scheduled(scheduled_time=at), force=True
        )

    def update(run_id: str, run: DesiredRun) -> Callable[[], Awaitable[Any]]:
        return lambda: client.update_flow_run(
            UUID(run_id), name=run.name, tags=list(run.tags), parameters=run.parameters
        )

    def delete(run_id: str) -> Callable[[], Awaitable[Any]]:
        return lambda: client.delete_flow_run(UUID(run_id))

    creations = [
        partial(create_many, client, deployment, list(plan.create[i : i + BULK]))
        for i in range(0, len(plan.create), BULK)
    ]
    await _gather(creations, limit=BULK_IN_FLIGHT)
    calls: list[Callable[[], Awaitable[Any]]] = [reschedule(i, at) for i, at in plan.reschedule]
    calls += [update(i, r) for i, r in plan.update]
    calls += [delete(i) for i in plan.delete]
    await _gather(calls)


async def create_many(client: PrefectClient, deployment: UUID, runs: list[DesiredRun]) -> None:
    """Up to BULK runs in one request and one server transaction (the server's bulk
    endpoint, which its Python client does not wrap): a tenth of the calls, and a single
    commit instead of one per run. What the server could not create (on its SQLite database
    another writer, its event recorder, may hold the lock) is sent again after a pause, then
    one run at a time; the idempotency keys make that safe."""
    pending = runs
    for attempt in range(CREATE_ATTEMPTS):
        body = [
            DeploymentFlowRunCreate(
                name=run.name,
                parameters=run.parameters,
                tags=list(run.tags),
                idempotency_key=run.idempotency_key,
                state=to_state_create(Scheduled(scheduled_time=run.scheduled)),
                # built from our tables by desired_runs: the server need not re-check them
                enforce_parameter_schema=False,
            ).model_dump(mode="json", exclude_unset=True)
            for run in pending
        ]
        response = await client._client.post(
            f"/deployments/{deployment}/create_flow_run/bulk", json=body
        )
        response.raise_for_status()
        results = response.json()["results"]
        failed = [
            (run, r)
            for run, r in zip(pending, results, strict=True)
            if r.get("status") != "CREATED"
        ]
        if not failed:
            return
        pending = [run for run, _ in failed]
        await asyncio.sleep(0.5 * 2**attempt)
    # What a busy SQLite server refused as a batch, one run at a time: each in its own
    # short transaction, which the server retries on a locked database itself.
    for run in pending:
        await create_one(client, deployment, run)


async def create_one(client: PrefectClient, deployment: UUID, run: DesiredRun) -> None:
    await client.create_flow_run_from_deployment(
        deployment,
        parameters=run.parameters,
        name=run.name,
        tags=list(run.tags),
        idempotency_key=run.idempotency_key,
        state=Scheduled(scheduled_time=run.scheduled),
    )


async def sync_cycles(
    cycles: list[tuple[str, int, list[MirrorMilestone]]], now: dt.datetime
) -> SyncResult:
    """Mirror each (kommunkod, budget year, milestones) in Prefect: read every cycle's runs,
    then apply all the changes together, new runs in bulk across cycles."""
    result = SyncResult()
    async with get_client() as client:
        target = await deployment_id(client)
        result.deployment = target.name
        wanted = [(desired_runs(c, y, m, target.tags), cycle_tags(c, y)) for c, y, m in cycles]
        found = await _gather(
            [partial(existing_runs, client, target.id, tags) for _, tags in wanted], limit=4
        )
        plans = [
            sync_plan(desired, runs, now) for (desired, _), runs in zip(wanted, found, strict=True)
        ]
        combined = SyncPlan(
            tuple(r for p in plans for r in p.create),
            tuple(r for p in plans for r in p.reschedule),
            tuple(r for p in plans for r in p.update),
            tuple(r for p in plans for r in p.delete),
        )
        await apply(client, target.id, combined)
    for (desired, _), plan in zip(wanted, plans, strict=True):
        result.created += len(plan.create)
        result.rescheduled += len(plan.reschedule)
        result.updated += len(plan.update)
        result.deleted += len(plan.delete)
        result.unchanged += plan.unchanged
        result.runs += [f"{d.name} {d.scheduled.isoformat()}" for d in desired]
    return result


def sync_from_tables(
    ctx: Context, *, code: str | None = None, budget_year: int | None = None
) -> SyncResult:
    """Rebuild the runs of every planned cycle (or the one named) from our tables."""
    cycles = [
        (c, y, mirror_milestones(ctx, code=c, budget_year=y))
        for c, y in planned_cycles(ctx, code=code, budget_year=budget_year)
    ]
    return run_coro_as_sync(sync_cycles(cycles, ctx.now()))
