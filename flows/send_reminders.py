"""The reminder sweep and the delivery of due retries.

`send_reminders` (weekday mornings) plans every notice now due, queues it once, tells the
coordinators of any KF or KS decision found late that the decision-late automation has not
told yet (its fallback), then delivers the outbox. `deliver_retries` (every 15 minutes in
office hours) only delivers what is due: messages whose backoff has passed, and anything
queued since. Selection and rendering are set-based (arshjul.notifications.due.enqueue: a
fixed number of queries for all municipalities); delivery runs in batches, each a task
that retries only database or connection trouble. Per-message failures are recorded in
the outbox, not raised.

Nothing secret is a parameter: the database and the mail server come from the worker's
environment (ARSHJUL_DATABASE_URL, ARSHJUL_SMTP_*), as prefect.yaml says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from arshjul.flows.endings import quiet_returned_failures
from arshjul.flows.retry import retry_transient
from arshjul.flows.run_names import retries_name, sweep_name
from arshjul.notifications import Held, channel_from, deliver, enqueue, exclusive, renew
from prefect import flow, get_run_logger, tags, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run
from prefect.states import Completed, Failed

from arshjul.context import Context, utc_now
from arshjul.core.reminders import NoticeKind
from arshjul.services.chain_checks import verify_chains
from arshjul.services.milestone_mirror import announce_late_decisions
from arshjul.services.run_reports import sweep_problems, sweep_report
from arshjul.services.seals import seal
from arshjul.settings import get_settings

MAX_BATCHES = 500
COUNTS = ("claimed", "sent", "retry", "failed", "told")
# How far back the sweep looks for a late KF or KS decision nobody was told of: longer
# than any gap between two sweeps (Christmas to Epiphany), short enough that installing
# arshjul does not announce last year's decisions.
LATE_DECISION_LOOKBACK = dt.timedelta(days=30)

quiet_returned_failures()


def _context(now: dt.datetime, operator: str | None = None) -> Context:
    return Context.create(get_settings(), actor="system", operator=operator).at(now)


@task(
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[2, 10],
    retry_condition_fn=retry_transient,
)
def enqueue_due(now: dt.datetime) -> dict[str, Any]:
    """Plan and render what is owed; insert it into the outbox once."""
    ctx = _context(now)
    try:
        result = enqueue(ctx)
    finally:
        ctx.close()
    return {**asdict(result), "by_kind": dict(result.by_kind)}


@task(
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[2, 10],
    retry_condition_fn=retry_transient,
)
def tell_late_decisions(now: dt.datetime) -> dict[str, int]:
    """The decision-late automation's fallback: the coordinators' notice of each KF or KS
    decision late within LATE_DECISION_LOOKBACK, queued unless it is there already."""
    ctx = _context(now)
    try:
        found = announce_late_decisions(ctx, lookback=LATE_DECISION_LOOKBACK)
    finally:
        ctx.close()
    return {"late": found.late, "owed": found.owed, "new": found.new}


def _with_late_decisions(queued: dict[str, Any], late: dict[str, int]) -> dict[str, Any]:
    """What the sweep planned and queued, the late decisions' notices included."""
    by_kind = dict(queued["by_kind"])
    if late["new"]:
        by_kind[NoticeKind.DECISION_LATE.value] = (
            by_kind.get(NoticeKind.DECISION_LATE.value, 0) + late["new"]
        )
    return {
        **queued,
        "planned": queued["planned"] + late["owed"],
        "new": queued["new"] + late["new"],
        "by_kind": by_kind,
    }


@task(
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[2, 10],
    retry_condition_fn=retry_transient,
)
def deliver_batch(now: dt.datetime, batch_size: int, operator: str | None = None) -> dict[str, Any]:
    """Claim and send one batch; each message's outcome is committed as it happens."""
    ctx = _context(now, operator)
    try:
        result = deliver(ctx, channel_from(ctx.settings), batch_size=batch_size)
    finally:
        ctx.close()
    return {
        **{name: getattr(result, name) for name in COUNTS},
        "failures": result.failures,
        "channel_error": result.channel_error,
    }


@task(
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[2, 10],
    retry_condition_fn=retry_transient,
)
def seal_chains(now: dt.datetime) -> int:
    """Sign every chain head into a checkpoint (arshjul.services.seals): each sweep leaves
    the trail anchored outside the database."""
    ctx = _context(now)
    try:
        return len(seal(ctx))
    finally:
        ctx.close()


@task(
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[2, 10],
    retry_condition_fn=retry_transient,
)
def verify_trail(now: dt.datetime) -> dict[str, Any]:
    """Re-hash every chain from its start: Revision and `audit verify` check only what
    followed the last check, so this is where an event changed before it is found."""
    ctx = _context(now)
    try:
        reports = verify_chains(ctx, full=True)
    finally:
        ctx.close()
    broken = [
        {"code": r.municipality_code, **asdict(r.first_break)}
        for r in reports
        if r.first_break is not None
    ]
    return {"chains": len(reports), "events": sum(r.events for r in reports), "broken": broken}


def _deliver_all(at: dt.datetime, batch_size: int, ctx: Context, held: Held) -> dict[str, Any]:
    """Every due batch; `ctx.operator` (who ran the sweep) is recorded with each send."""
    totals: dict[str, Any] = {**dict.fromkeys(COUNTS, 0), "failures": [], "channel_error": ""}
    for _ in range(MAX_BATCHES):
        with tags("delivery"):
            batch = deliver_batch(at, batch_size, ctx.operator)
        renew(ctx, held)
        for name in (*COUNTS, "failures"):
            totals[name] += batch[name]
        totals["channel_error"] = totals["channel_error"] or batch["channel_error"]
        if batch["claimed"] < batch_size or batch["channel_error"]:
            break  # a channel that cannot be opened will not open for the next batch either
    logger = get_run_logger()
    if totals["channel_error"]:
        logger.error("mail could not be sent: %s", totals["channel_error"])
    for failure in totals["failures"]:
        logger.error("failed for good: %s", failure)
    return totals


def _breaks(found: dict[str, Any]) -> tuple[str, int, str]:
    return found["code"], found["seq"], found["reason"]


def _holder() -> str:
    return f"{flow_run.flow_name or 'flow'} {flow_run.id or '-'}"


def _skipped(held: Held, at: dt.datetime, key: str) -> State[Any]:
    """Another sweep holds the outbox: do nothing, and say who and since when."""
    since = held.since.isoformat(timespec="seconds") if held.since else "?"
    message = f"skipped: {held.holder} has held the outbox since {since}"
    get_run_logger().warning(message)
    result = {"skipped": {"holder": held.holder, "since": since}}
    create_markdown_artifact(key=key, markdown=f"# {message}\n", description=f"arshjul {key}")
    return Completed(name="Skipped", message=message, data=result)


def _say_taken_over(held: Held) -> None:
    if held.taken_over:
        get_run_logger().warning("took the outbox over from %s, which had died", held.taken_over)


def _finish(result: dict[str, Any], at: dt.datetime, key: str) -> dict[str, Any] | State[Any]:
    """Leave the run's report in the UI; end Failed when anything went wrong, so that an
    automation can alert on it (a sweep whose every message failed is not a success)."""
    lang = get_settings().lang
    create_markdown_artifact(
        key=key, markdown=sweep_report(result, at, lang), description=f"arshjul {key}"
    )
    problems = sweep_problems(result)
    if problems:
        return Failed(message=f"{problems} problem(s): see the {key} artifact", data=result)
    return result


@flow(name="send-reminders", flow_run_name=sweep_name)
def send_reminders(
    now: dt.datetime | None = None, batch_size: int = 200, operator: str | None = None
) -> dict[str, Any] | State[Any]:
    """Send every reminder, overdue notice, changed-date notice, late decision's notice and
    digest due at `now`; `operator` (who ran `arshjul remind`) is recorded with each send.
    Returns {"queued": …, "delivery": …} (the late decisions' notices counted in `queued`),
    Failed with it as data when something went wrong, or Completed "Skipped"."""
    at = (now or utc_now()).astimezone(dt.UTC)
    ctx = _context(at, operator)
    try:
        with exclusive(ctx, "outbox", _holder()) as held:
            if not held.acquired:
                return _skipped(held, at, "sweep")
            _say_taken_over(held)
            with tags("planning"):
                queued = _with_late_decisions(enqueue_due(at), tell_late_decisions(at))
            totals = _deliver_all(at, batch_size, ctx, held)
            trail = verify_trail(at)
            totals["sealed"] = seal_chains(at)
            if totals["sealed"]:  # the auditors' copies go now, not with the next run
                witnesses = _deliver_all(at, batch_size, ctx, held)
                for name in (*COUNTS, "failures"):
                    totals[name] += witnesses[name]
                totals["channel_error"] = totals["channel_error"] or witnesses["channel_error"]
    finally:
        ctx.close()
    logger = get_run_logger()
    for code, problems in queued["skipped_municipalities"].items():
        logger.error("templates of %s are broken, nothing queued for it: %s", code, problems)
    for found in trail["broken"]:
        logger.error("the audit chain of %s breaks at event %s: %s", *_breaks(found))
    logger.info("queued %s new of %s planned; %s", queued["new"], queued["planned"], totals)
    return _finish({"queued": queued, "delivery": totals, "trail": trail}, at, "sweep")


@flow(name="deliver-retries", flow_run_name=retries_name)
def deliver_retries(
    now: dt.datetime | None = None, batch_size: int = 200
) -> dict[str, Any] | State[Any]:
    """Deliver what is due in the outbox without planning anything new: a failure at 10:00
    is retried within the day, not at the next morning's sweep."""
    at = (now or utc_now()).astimezone(dt.UTC)
    ctx = _context(at)
    try:
        with exclusive(ctx, "outbox", _holder()) as held:
            if not held.acquired:
                return _skipped(held, at, "retries")
            _say_taken_over(held)
            totals = _deliver_all(at, batch_size, ctx, held)
    finally:
        ctx.close()
    get_run_logger().info("delivered what was due: %s", totals)
    return _finish({"delivery": totals}, at, "retries")
