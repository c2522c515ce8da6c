"""The `send_reminders` sweep: enqueue every notice now due, then deliver the outbox.

Selection and rendering are set-based (arshjul.services.due.enqueue: a fixed number of
queries for all municipalities); delivery runs in batches, each a task that retries only
database or connection trouble. Per-message failures are recorded in the outbox, not raised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from arshjul.context import Context, utc_now
from arshjul.services.delivery import channel_from, deliver
from arshjul.services.due import enqueue
from arshjul.settings import get_settings
from flows.retry import retry_transient

MAX_BATCHES = 500


def _context(database_url: str, now: dt.datetime) -> Context:
    return Context.create(get_settings(), database_url=database_url, actor="system").at(now)


@task(
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[2, 10],
    retry_condition_fn=retry_transient,
)
def enqueue_due(database_url: str, now: dt.datetime) -> dict[str, Any]:
    """Plan and render what is owed; insert it into the outbox once."""
    ctx = _context(database_url, now)
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
def deliver_batch(database_url: str, now: dt.datetime, batch_size: int) -> dict[str, Any]:
    """Claim and send one batch; each message's outcome is committed as it happens."""
    ctx = _context(database_url, now)
    try:
        result = deliver(ctx, channel_from(ctx.settings), batch_size=batch_size)
    finally:
        ctx.close()
    return {
        "claimed": result.claimed,
        "sent": result.sent,
        "retry": result.retry,
        "failed": result.failed,
        "told": result.told,
        "failures": result.failures,
        "channel_error": result.channel_error,
    }


@flow(name="send-reminders")
def send_reminders(
    now: dt.datetime | None = None, database_url: str | None = None, batch_size: int = 200
) -> dict[str, Any]:
    """Send every reminder, overdue notice, changed-date notice and digest due at `now`."""
    at = (now or utc_now()).astimezone(dt.UTC)
    url = database_url or get_settings().resolved_database_url
    queued = enqueue_due(url, at)
    totals: dict[str, Any] = {
        "claimed": 0,
        "sent": 0,
        "retry": 0,
        "failed": 0,
        "told": 0,
        "failures": [],
        "channel_error": "",
    }
    for _ in range(MAX_BATCHES):
        batch = deliver_batch(url, at, batch_size)
        for name in ("claimed", "sent", "retry", "failed", "told", "failures"):
            totals[name] += batch[name]
        totals["channel_error"] = totals["channel_error"] or batch["channel_error"]
        if batch["claimed"] < batch_size or batch["channel_error"]:
            break  # a channel that cannot be opened will not open for the next batch either
    logger = get_run_logger()
    if totals["channel_error"]:
        logger.error("mail could not be sent: %s", totals["channel_error"])
    for failure in totals["failures"]:
        logger.error("failed for good: %s", failure)
    for code, problems in queued["skipped_municipalities"].items():
        logger.error("templates of %s are broken, nothing queued for it: %s", code, problems)
    logger.info("queued %s new of %s planned; %s", queued["new"], queued["planned"], totals)
    return {"queued": queued, "delivery": totals}
