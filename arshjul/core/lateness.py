"""Which deadline a deliverable must meet, and how late a hand-in is. The one place these
rules live: the receipt, the `submitted` audit event, the CLI, the status board, the
auditors' CSV and the reminders all call these functions.

The deadline in force is the planned deadline (already moved to a business day when it
fell on a day off, see arshjul.core.calendar.shift), replaced by the new deadline of each
return that had been made by the instant in question; the latest return wins.

Lateness is counted in business days on the Stockholm calendar:
- a hand-in on or before the deadline day (until 23:59:59 Stockholm time) is on time: 0;
- a hand-in after it is late by the number of business days after the deadline up to and
  including the day it came in, and at least 1: a Saturday hand-in after a Friday deadline
  missed the deadline although no business day has passed, so it is 1 business day late,
  the same as a hand-in on the Monday. Calendar days would make a weekend look like two
  days' delay that nobody at the office could have noticed.
The same count says how far overdue an outstanding deliverable is on a given day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from arshjul.core.calendar import business_days_between
from arshjul.core.facts import Review, SubmissionFact
from arshjul.core.instants import local_date, require_aware


def return_visible(fact: SubmissionFact, at: dt.datetime) -> bool:
    """Whether the fact's review had been made by `at`."""
    return (
        fact.review is not None
        and fact.reviewed_at is not None
        and require_aware(fact.reviewed_at) <= require_aware(at)
    )


def deadline_in_force(
    planned: dt.date, earlier: Iterable[SubmissionFact], at: dt.datetime
) -> dt.date:
    """The deadline a deliverable must meet at `at`, given its earlier versions."""
    in_force = planned
    for fact in sorted(earlier, key=lambda f: require_aware(f.submitted_at)):
        if require_aware(fact.submitted_at) > require_aware(at):
            break
        if fact.review is Review.RETURNED and fact.new_deadline and return_visible(fact, at):
            in_force = fact.new_deadline
    return in_force


def days_late(deadline: dt.date, day: dt.date) -> int:
    """Business days late of something handed in (or still missing) on Stockholm day `day`."""
    if day <= deadline:
        return 0
    return max(business_days_between(deadline, day), 1)


def hand_in_lateness(deadline: dt.date, handed_in: dt.datetime) -> int:
    """`days_late` for an instant: the Stockholm day it fell on decides, not the UTC date."""
    return days_late(deadline, local_date(handed_in))
