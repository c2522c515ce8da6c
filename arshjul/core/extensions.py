"""When a coordinator may give one body's deliverable a new deadline without a review round.

A deadline of the body's own replaces the milestone's for that body from the moment it is
given, so it is only given before anything is handed in: once a version is in, the review
round (return with a new deadline) is how its deadline changes, and no earlier hand-in is
judged again against a date set after it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from arshjul.core.calendar import DayOff, day_off

MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class Refusal:
    key: str  # the text that says why
    date: str = ""
    limit: int = 0
    day: DayOff | None = None  # the day off chosen, named in the reader's language


def extension_problem(
    new_deadline: dt.date, reason: str, today: dt.date, *, handed_in: bool, closed: bool
) -> Refusal | None:
    """Why this extension cannot be given, or None."""
    if closed:
        return Refusal("extension_closed")
    if not reason.strip():
        return Refusal("extension_needs_reason")
    if len(reason) > MAX_REASON:
        return Refusal("extension_reason_too_long", limit=MAX_REASON)
    if new_deadline < today:
        return Refusal("extension_in_past", date=new_deadline.isoformat())
    off = day_off(new_deadline)
    if off is not None:
        return Refusal("extension_day_off", date=new_deadline.isoformat(), day=off)
    if handed_in:
        return Refusal("extension_after_hand_in")
    return None
