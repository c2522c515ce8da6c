"""Chasing one deliverable from the web: a reminder now, through the reminders wing."""

from __future__ import annotations

from arshjul.access import load_target
from arshjul.context import Context
from arshjul.core.status import Status
from arshjul.notifications import remind_now


def remind(ctx: Context, deliverable_id: int) -> tuple[int, Status]:
    """Queue and send a reminder to the body's secretaries now (authorised and audited in
    the wing); (how many were new, the deliverable's status)."""
    new, status = remind_now(ctx, load_target(ctx, str(deliverable_id), None, None))
    return new, status.status
