"""The Prefect client edge of the cycle's mirror: read the runs of a cycle from the server,
and create, reschedule, update and delete them as arshjul.core.milestone_runs.sync_plan
says, many calls at once (a national sync is thousands of runs).

A busy server is waited for: a call answered 429, 502, 503 or 504, or cut off (refused,
reset, timed out), is made again after a pause that doubles (Retry-After when the server
names one), on top of the retries Prefect's client makes itself. What still fails is not
raised: the rest of the sync goes on, and the result lists each run it could not create,
move, change or delete, and each cycle whose runs it could not read (that cycle is left
as it was). A later sync resumes where this one stopped: it reads what exists and makes
only what is missing, and the idempotency keys keep a run created twice from existing
twice.

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

import httpx
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

BUSY = frozenset({429, 502, 503, 504})  # "try again later", whatever the server's words

T = TypeVar("T")


@dataclass(frozen=True)
class Patience:
    """How long a sync waits for a busy server: `attempts` tries of each call, the pause
    doubling from `first_pause` up to `longest_pause` seconds (a minute in all by default,
    on top of the retries Prefect's client makes itself)."""

    attempts: int = 6
    first_pause: float = 2.0
    longest_pause: float = 30.0

    @classmethod
    def lasting(cls, seconds: float, attempts: int = 6) -> Patience:
        """Pauses that double and add up to about `seconds` over `attempts` tries."""
        first = seconds / (2 ** (attempts - 1) - 1) if attempts > 1 else 0.0
        return cls(attempts, first, max(first, seconds / 2))


@dataclass
class SyncResult:
    deployment: str = ""
    created: int = 0
    rescheduled: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    runs: list[str] = field(default_factory=list)  # "name at UTC instant", as scheduled
    failed: list[str] = field(default_factory=list)  # "what: why", what a busy server refused


class Failure(NamedTuple):
    """A change the server did not take: `kind` (create, reschedule, update, delete, read),
    the run's name (or the cycle's tags for a read), and why."""

    kind: str
    name: str
    why: str

    def line(self) -> str:
        return f"{self.kind} {self.name}: {self.why}"


class NotDone(Exception):
    """A call that still failed after every try: `what` it was for, `why` in the server's
    words."""

    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"{what}: {why}")
        self.what, self.why = what, why


def _busy(exc: BaseException) -> bool:
    """Whether trying again later may succeed: the server said so, or the connection
    failed (refused, reset, timed out, cut off mid-answer)."""
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code in BUSY
    return isinstance(exc, httpx.TransportError)


def _pause(exc: BaseException, attempt: int, patience: Patience) -> float:
    """The pause before the next try: doubling, or the seconds a Retry-After names."""
    pause = patience.first_pause * 2**attempt
    if isinstance(exc, httpx.HTTPStatusError):
        named = exc.response.headers.get("Retry-After", "").strip()
        if named.isdigit():
            pause = float(named)
    return float(max(0.0, min(pause, patience.longest_pause)))


def _why(exc: BaseException) -> str:
    if isinstance(exc, httpx.HTTPStatusError):
        return f"{exc.response.status_code} {exc.response.reason_phrase}".strip()
    return f"{type(exc).__name__}: {exc}".rstrip(": ")


async def patiently(call: Callable[[], Awaitable[T]], what: str, patience: Patience) -> T:
    """`call`, tried again while the server is busy; NotDone naming `what` when it still
    fails, or fails in a way no retry mends (any other HTTP error)."""
    for attempt in range(patience.attempts):
        try:
            return await call()
        except httpx.HTTPError as exc:
            if not _busy(exc) or attempt == patience.attempts - 1:
                raise NotDone(what, _why(exc)) from exc
            await asyncio.sleep(_pause(exc, attempt, patience))
    raise NotDone(what, "no attempt made")  # patience.attempts < 1


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
    client: PrefectClient,
    deployment: UUID,
    tags: tuple[str, ...],
    patience: Patience = Patience(),
) -> list[ExistingRun]:
    """Every run of the deployment carrying all of `tags`, page by page; a page the server
    is too busy for is asked again (from the same offset), then NotDone."""
    found: list[ExistingRun] = []
    offset = 0
    while True:
        page = await patiently(
            partial(
                client.read_flow_runs,
                flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=list(tags))),
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment])),
                limit=PAGE,
                offset=offset,
            ),
            f"runs {' '.join(tags)}",
            patience,
        )
        found += [_existing(r) for r in page]
        if len(page) < PAGE:
            return found
        offset += PAGE


async def _noted(
    call: Callable[[], Awaitable[Any]], kind: str, name: str, patience: Patience
) -> list[Failure]:
    """`call` made patiently; the failure when it still failed (none when it was done)."""
    try:
        await patiently(call, f"{kind} {name}", patience)
    except NotDone as failed:
        return [Failure(kind, name, failed.why)]
    return []


async def apply(
    client: PrefectClient,
    deployment: UUID,
    plan: SyncPlan,
    patience: Patience = Patience(),
    names: dict[str, str] | None = None,
) -> list[Failure]:
    """Make the changes, CONCURRENCY calls at a time; returns what could not be done
    (`names`: each existing run's name by id, to name it)."""
    named = names or {}

    def reschedule(run_id: str, at: dt.datetime) -> Awaitable[list[Failure]]:
        call = partial(
            client.set_flow_run_state, UUID(run_id), Scheduled(scheduled_time=at), force=True
        )
        return _noted(call, "reschedule", named.get(run_id, run_id), patience)

    def update(run_id: str, run: DesiredRun) -> Awaitable[list[Failure]]:
        call = partial(
            client.update_flow_run,
            UUID(run_id),
            name=run.name,
            tags=list(run.tags),
            parameters=run.parameters,
        )
        return _noted(call, "update", run.name, patience)

    def delete(run_id: str) -> Awaitable[list[Failure]]:
        call = partial(client.delete_flow_run, UUID(run_id))
        return _noted(call, "delete", named.get(run_id, run_id), patience)

    creations = [
        partial(create_many, client, deployment, list(plan.create[i : i + BULK]), patience)
        for i in range(0, len(plan.create), BULK)
    ]
    failed = [f for batch in await _gather(creations, limit=BULK_IN_FLIGHT) for f in batch]
    calls: list[Callable[[], Awaitable[list[Failure]]]] = [
        partial(reschedule, i, at) for i, at in plan.reschedule
    ]
    calls += [partial(update, i, r) for i, r in plan.update]
    calls += [partial(delete, i) for i in plan.delete]
    return failed + [f for call in await _gather(calls) for f in call]


def _bulk_body(runs: list[DesiredRun]) -> list[dict[str, Any]]:
    return [
        DeploymentFlowRunCreate(
            name=run.name,
            parameters=run.parameters,
            tags=list(run.tags),
            idempotency_key=run.idempotency_key,
            state=to_state_create(Scheduled(scheduled_time=run.scheduled)),
            # built from our tables by desired_runs: the server need not re-check them
            enforce_parameter_schema=False,
        ).model_dump(mode="json", exclude_unset=True)
        for run in runs
    ]


async def create_many(
    client: PrefectClient,
    deployment: UUID,
    runs: list[DesiredRun],
    patience: Patience = Patience(),
) -> list[Failure]:
    """Up to BULK runs in one request and one server transaction (the server's bulk
    endpoint, which its Python client does not wrap): a tenth of the calls, and a single
    commit instead of one per run. What the server could not create (on its SQLite database
    another writer, its event recorder, may hold the lock) is sent again after a pause, then
    one run at a time; the idempotency keys make that safe. Returns the runs not created:
    all of them when the server stayed too busy to answer."""

    async def post(body: list[dict[str, Any]]) -> list[dict[str, Any]]:
        response = await client._client.post(
            f"/deployments/{deployment}/create_flow_run/bulk", json=body
        )
        response.raise_for_status()
        return list(response.json()["results"])

    pending = runs
    for attempt in range(CREATE_ATTEMPTS):
        try:
            results = await patiently(partial(post, _bulk_body(pending)), "create", patience)
        except NotDone as busy:
            return [Failure("create", run.name, busy.why) for run in pending]
        pending = [
            run for run, r in zip(pending, results, strict=True) if r.get("status") != "CREATED"
        ]
        if not pending:
            return []
        await asyncio.sleep(min(0.5 * 2**attempt, patience.longest_pause))
    # What a busy SQLite server refused as a batch, one run at a time: each in its own
    # short transaction, which the server retries on a locked database itself.
    failed: list[Failure] = []
    for run in pending:
        call = partial(create_one, client, deployment, run)
        failed += await _noted(call, "create", run.name, patience)
    return failed


async def create_one(client: PrefectClient, deployment: UUID, run: DesiredRun) -> None:
    await client.create_flow_run_from_deployment(
        deployment,
        parameters=run.parameters,
        name=run.name,
        tags=list(run.tags),
        idempotency_key=run.idempotency_key,
        state=Scheduled(scheduled_time=run.scheduled),
    )


async def _read_cycles(
    client: PrefectClient,
    target: Target,
    cycles: list[tuple[str, int, list[MirrorMilestone]]],
    patience: Patience,
) -> tuple[list[tuple[list[DesiredRun], list[ExistingRun]]], list[Failure]]:
    """Each cycle's wanted and existing runs; a cycle whose runs could not be read is left
    out (and named), so nothing of it is created, moved or deleted on a guess."""
    wanted = [(desired_runs(c, y, m, target.tags), cycle_tags(c, y)) for c, y, m in cycles]

    async def read(tags: tuple[str, ...]) -> list[ExistingRun] | Failure:
        try:
            return await existing_runs(client, target.id, tags, patience)
        except NotDone as failed:
            return Failure("read", " ".join(tags), failed.why)

    found = await _gather([partial(read, tags) for _, tags in wanted], limit=4)
    read_ok = [
        (desired, runs)
        for (desired, _), runs in zip(wanted, found, strict=True)
        if not isinstance(runs, Failure)
    ]
    return read_ok, [f for f in found if isinstance(f, Failure)]


async def sync_cycles(
    cycles: list[tuple[str, int, list[MirrorMilestone]]],
    now: dt.datetime,
    patience: Patience = Patience(),
) -> SyncResult:
    """Mirror each (kommunkod, budget year, milestones) in Prefect: read every cycle's runs,
    then apply all the changes together, new runs in bulk across cycles. What the server
    would not take is in `failed`, and left out of the counts."""
    result = SyncResult()
    async with get_client() as client:
        try:
            target = await patiently(partial(deployment_id, client), "deployment", patience)
        except NotDone as failed:
            result.failed = [Failure("read", f"{FLOW_NAME}/{DEPLOYMENT}", failed.why).line()]
            return result
        result.deployment = target.name
        read, failures = await _read_cycles(client, target, cycles, patience)
        plans = [sync_plan(desired, runs, now) for desired, runs in read]
        combined = SyncPlan(
            tuple(r for p in plans for r in p.create),
            tuple(r for p in plans for r in p.reschedule),
            tuple(r for p in plans for r in p.update),
            tuple(r for p in plans for r in p.delete),
        )
        names = {r.id: r.name for _, runs in read for r in runs}
        failures += await apply(client, target.id, combined, patience, names)
    kinds = [f.kind for f in failures]
    result.created = len(combined.create) - kinds.count("create")
    result.rescheduled = len(combined.reschedule) - kinds.count("reschedule")
    result.updated = len(combined.update) - kinds.count("update")
    result.deleted = len(combined.delete) - kinds.count("delete")
    result.unchanged = sum(p.unchanged for p in plans)
    result.runs = [f"{d.name} {d.scheduled.isoformat()}" for desired, _ in read for d in desired]
    result.failed = [f.line() for f in failures]
    return result


def sync_from_tables(
    ctx: Context, *, code: str | None = None, budget_year: int | None = None
) -> SyncResult:
    """Rebuild the runs of every planned cycle (or the one named) from our tables."""
    cycles = [
        (c, y, mirror_milestones(ctx, code=c, budget_year=y))
        for c, y in planned_cycles(ctx, code=code, budget_year=budget_year)
    ]
    patience = Patience.lasting(ctx.settings.prefect_busy_seconds)
    return run_coro_as_sync(sync_cycles(cycles, ctx.now(), patience))
