"""After a failed delivery: try again later, or give up. A pure function of the attempts
made so far and whether the failure can pass, so the schedule is table-tested.

A mail server that refuses with 4xx or cannot be reached is retried for about 69 hours
(1, 5 and 30 minutes, then 2, 6, 12, 24 and 24 hours), so a weekend outage or a Friday
evening fault loses nothing; the ninth failure gives up. A 5xx for the recipient gives up
at once: the address or the message is wrong, and trying again will not change that.
"""

from __future__ import annotations

import datetime as dt

from arshjul.core.transitions import OutboxState

# The wait after the 1st, 2nd, … failure; a failure after the last wait is final.
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=6),
    dt.timedelta(hours=12),
    dt.timedelta(hours=24),
    dt.timedelta(hours=24),
)
ATTEMPTS = len(BACKOFF) + 1  # tries in all before a message fails for good


def after_failure(
    attempts: int, permanent: bool, now: dt.datetime
) -> tuple[OutboxState, dt.datetime | None]:
    """The state after failed attempt number `attempts` (1-based) and when to try again."""
    if permanent or attempts >= ATTEMPTS:
        return OutboxState.FAILED, None
    return OutboxState.RETRY, now + BACKOFF[max(attempts, 1) - 1]
