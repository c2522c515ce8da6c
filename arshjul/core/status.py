"""Where a deliverable stands, derived from its deadline, its submissions and `now`.

Status is never stored: it is a function of facts that are (deadline, submission and review
times), so the board for any past date can be recomputed by passing that date as `now`, and
a status can never disagree with the audit trail. Facts recorded after `now` are ignored.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from arshjul.core.facts import Review, SubmissionFact
from arshjul.core.instants import deadline_cutoff, local_date, require_aware
from arshjul.core.lateness import days_late, deadline_in_force, return_visible

__all__ = ["Review", "SubmissionFact"]  # re-exported: where callers have always found them


class Status(StrEnum):
    WAITING = "waiting"  # opens when a decision is recorded (e.g. KF's budget)
    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    SUBMITTED = "submitted"  # on time, waiting for review
    SUBMITTED_LATE = "submitted_late"
    RETURNED = "returned"  # sent back for completion, new deadline not yet passed
    ACCEPTED = "accepted"
    OPTIONAL = "optional"  # "frivillig": may be handed in or decided, need not; never late
    NOT_APPLICABLE = "not_applicable"  # "inte aktuell" for this body this year: owes nothing


# Most urgent first: what a coordinator should look at before the rest.
ATTENTION_ORDER: tuple[Status, ...] = (
    Status.OVERDUE,
    Status.RETURNED,
    Status.DUE_SOON,
    Status.SUBMITTED_LATE,
    Status.SUBMITTED,
    Status.UPCOMING,
    Status.WAITING,
    Status.OPTIONAL,
    Status.ACCEPTED,
    Status.NOT_APPLICABLE,
)
DONE = frozenset({Status.SUBMITTED, Status.SUBMITTED_LATE, Status.ACCEPTED})


@dataclass(frozen=True, slots=True)
class Gate:
    """The deliverable can start only once the decision completing `milestone` is recorded
    (a nämnd's verksamhetsplan waits for KF's budget and frames)."""

    milestone: str
    opened_at: dt.datetime | None = None  # when that decision was recorded, if it was

    def is_open(self, now: dt.datetime) -> bool:
        return self.opened_at is not None and require_aware(self.opened_at) <= now


@dataclass(frozen=True, slots=True)
class DeliverableStatus:
    status: Status
    deadline: dt.date  # the deadline in force at `now` (a return may have set a new one)
    business_days_late: int = 0  # for overdue and submitted_late


def derive_status(
    deadline: dt.date,
    submissions: Iterable[SubmissionFact],
    now: dt.datetime,
    due_soon_days: int = 7,
    gate: Gate | None = None,
    optional: bool = False,
    not_applicable: bool = False,
) -> DeliverableStatus:
    """A deliverable behind a closed gate is WAITING until handed in: nobody is chased for
    work that cannot start yet. An optional one (a step that may be taken, "KF may revise
    the budget in November") is OPTIONAL until something is handed in, and never late.
    One a coordinator marked "inte aktuell" for the body is NOT_APPLICABLE, whatever else."""
    now = require_aware(now)
    today = local_date(now)
    facts = sorted(
        (f for f in submissions if require_aware(f.submitted_at) <= now),
        key=lambda f: require_aware(f.submitted_at),
    )
    in_force = deadline_in_force(deadline, facts, now)
    if not_applicable:
        return DeliverableStatus(Status.NOT_APPLICABLE, in_force)
    latest = facts[-1] if facts else None
    if optional:
        return _optional(latest, in_force, now)
    if latest is not None and return_visible(latest, now):
        if latest.review is Review.ACCEPTED:
            return DeliverableStatus(Status.ACCEPTED, in_force)
        return _outstanding(in_force, today, due_soon_days, returned=True)
    if latest is not None:
        met = deadline_in_force(deadline, facts[:-1], latest.submitted_at)
        late = days_late(met, local_date(latest.submitted_at))
        return DeliverableStatus(Status.SUBMITTED_LATE if late else Status.SUBMITTED, met, late)
    if gate is not None and not gate.is_open(now):
        return DeliverableStatus(Status.WAITING, in_force)
    return _outstanding(in_force, today, due_soon_days, returned=False)


def _optional(
    latest: SubmissionFact | None, in_force: dt.date, now: dt.datetime
) -> DeliverableStatus:
    if latest is None:
        return DeliverableStatus(Status.OPTIONAL, in_force)
    if return_visible(latest, now):
        accepted = latest.review is Review.ACCEPTED
        return DeliverableStatus(Status.ACCEPTED if accepted else Status.RETURNED, in_force)
    return DeliverableStatus(Status.SUBMITTED, in_force)


@dataclass(frozen=True, slots=True)
class Verdicts:
    """What the deliverables of one milestone come to at an instant in the two shapes most
    of them have, so that a roll-up of a whole country derives each once per milestone
    rather than once per deliverable:
    - nothing handed in by the instant: `unsubmitted`, which depends on the deadline and
      the gate alone;
    - handed in once with no review visible: SUBMITTED when handed in before
      `on_time_before`, the end of the deadline day in Stockholm (the rule of `days_late`),
      else SUBMITTED_LATE."""

    unsubmitted: DeliverableStatus
    on_time_before: dt.datetime


@lru_cache(maxsize=4096)
def _cutoff(deadline: dt.date) -> dt.datetime:
    return require_aware(deadline_cutoff(deadline))


NEVER_LATE = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)  # an optional hand-in is always on time


def verdicts(
    deadline: dt.date,
    gate: Gate | None,
    now: dt.datetime,
    due_soon_days: int,
    optional: bool = False,
) -> Verdicts:
    unsubmitted = derive_status(deadline, (), now, due_soon_days, gate, optional)
    return Verdicts(unsubmitted, NEVER_LATE if optional else _cutoff(deadline))


def _outstanding(
    deadline: dt.date, today: dt.date, due_soon_days: int, returned: bool
) -> DeliverableStatus:
    if today > deadline:
        return DeliverableStatus(Status.OVERDUE, deadline, days_late(deadline, today))
    if returned:
        return DeliverableStatus(Status.RETURNED, deadline)
    if (deadline - today).days <= due_soon_days:
        return DeliverableStatus(Status.DUE_SOON, deadline)
    return DeliverableStatus(Status.UPCOMING, deadline)


def most_urgent(statuses: Iterable[Status]) -> Status | None:
    present = set(statuses)
    return next((s for s in ATTENTION_ORDER if s in present), None)


@dataclass(frozen=True, slots=True)
class Rollup:
    """Counts of statuses per body and per milestone, and in total."""

    by_body: dict[str, Counter[Status]]
    by_milestone: dict[str, Counter[Status]]
    total: Counter[Status]


def roll_up(cells: Iterable[tuple[str, str, Status]]) -> Rollup:
    """Roll (milestone key, body key, status) cells up per body, per milestone and in total."""
    by_body: dict[str, Counter[Status]] = {}
    by_milestone: dict[str, Counter[Status]] = {}
    total: Counter[Status] = Counter()
    for milestone, body, status in cells:
        by_body.setdefault(body, Counter())[status] += 1
        by_milestone.setdefault(milestone, Counter())[status] += 1
        total[status] += 1
    return Rollup(by_body, by_milestone, total)
