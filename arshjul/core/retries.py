"""After a failed delivery: try again later, or give up. A pure function of the attempts
made so far and whether the failure can pass, so the schedule is table-tested."""

from __future__ import annotations

import datetime as dt

from arshjul.core.transitions import OutboxState

# Waits after the 1st, 2nd, … failure; the failure after the last one is final.
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=6),
    dt.timedelta(hours=24),
)


def after_failure(
    attempts: int, permanent: bool, now: dt.datetime
) -> tuple[OutboxState, dt.datetime | None]:
    """The state after failed attempt number `attempts` (1-based) and when to try again."""
    if permanent or attempts >= len(BACKOFF):
        return OutboxState.FAILED, None
    return OutboxState.RETRY, now + BACKOFF[max(attempts, 1) - 1]
