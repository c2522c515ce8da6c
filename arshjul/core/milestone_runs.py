"""The cycle as Prefect sees it: one scheduled flow run per milestone, at the end of its
deadline day, and what to change so the runs mirror the plan. Pure: the Prefect client
edge (arshjul.prefect_mirror) reads the runs there are and applies the changes.

Our tables stay the truth; the runs are a view rebuilt from them (`arshjul prefect sync`).
A run is found again by its milestone tag, and created with an idempotency key, so two
syncs at once, or a rerun, never make a second run for the same milestone.

    desired_runs(code, year, milestones) -> [DesiredRun]
    sync_plan(desired, existing, now)    -> SyncPlan(create, reschedule, update, delete)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from arshjul.core.instants import STOCKHOLM, require_aware

MIRROR_TAG = "arshjul"


def end_of_day(day: dt.date) -> dt.datetime:
    """The end of a Stockholm calendar day (midnight that starts the next), in UTC: a hand-in
    at 23:59 is on time, so the milestone is judged after it."""
    following = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=STOCKHOLM)
    return following.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class MirrorMilestone:
    """What a run needs to know of one milestone, read from our tables."""

    key: str
    title: str
    deadline: dt.date
    phase: str
    deliverables: tuple[tuple[str, str], ...]  # (body key, deliverable title)
    deciding_body: str | None = None  # KF or KS when the milestone is their decision


@dataclass(frozen=True, slots=True)
class DesiredRun:
    milestone: str
    idempotency_key: str
    name: str
    scheduled: dt.datetime  # UTC
    tags: tuple[str, ...]
    parameters: dict[str, Any] = field(hash=False)


def milestone_tag(key: str) -> str:
    return f"milstolpe:{key}"


def cycle_tags(code: str, budget_year: int) -> tuple[str, ...]:
    return (MIRROR_TAG, f"kommun:{code}", f"budgetår:{budget_year}")


def desired_runs(
    code: str, budget_year: int, milestones: list[MirrorMilestone]
) -> list[DesiredRun]:
    """One run per milestone: named "2262 kf-budget 2020", tagged with the municipality,
    budget year, phase, milestone and responsible bodies (and `beslut:KF` on KF's or KS's
    own decisions, for automations), its title and deliverables as parameters."""
    runs = []
    for m in milestones:
        bodies = sorted({body for body, _ in m.deliverables})
        tags = {
            *cycle_tags(code, budget_year),
            f"fas:{m.phase}",
            milestone_tag(m.key),
            *(f"organ:{b}" for b in bodies),
        }
        if m.deciding_body:
            tags.add(f"beslut:{m.deciding_body}")
        runs.append(
            DesiredRun(
                m.key,
                f"arshjul:{code}:{budget_year}:{m.key}",
                f"{code} {m.key} {budget_year}",
                end_of_day(m.deadline),
                tuple(sorted(tags)),
                {
                    "municipality": code,
                    "budget_year": budget_year,
                    "milestone": m.key,
                    "title": m.title,
                    "deadline": m.deadline.isoformat(),
                    "deliverables": [
                        {"body": body, "deliverable": title} for body, title in m.deliverables
                    ],
                },
            )
        )
    return runs


class RunState(StrEnum):
    """Prefect's state types, as far as a sync cares."""

    SCHEDULED = "SCHEDULED"
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    OTHER = "OTHER"  # terminal or paused: it ran, or was stopped


@dataclass(frozen=True, slots=True)
class ExistingRun:
    id: str
    milestone: str | None  # from its milestone tag
    scheduled: dt.datetime | None  # its expected start
    state: RunState
    name: str
    tags: tuple[str, ...]
    parameters: dict[str, Any] = field(hash=False)


@dataclass(frozen=True, slots=True)
class SyncPlan:
    create: tuple[DesiredRun, ...] = ()
    reschedule: tuple[tuple[str, dt.datetime], ...] = ()  # (run id, new time)
    update: tuple[tuple[str, DesiredRun], ...] = ()  # (run id, name, tags and parameters)
    delete: tuple[str, ...] = ()  # run ids

    @property
    def empty(self) -> bool:
        return not (self.create or self.reschedule or self.update or self.delete)


def sync_plan(desired: list[DesiredRun], existing: list[ExistingRun], now: dt.datetime) -> SyncPlan:
    """What makes `existing` mirror `desired`:
    - a milestone without a run gets one;
    - a waiting run whose deadline moved is rescheduled; so is a run that already ran when
      its deadline moved into the future (the milestone is due again);
    - a run whose name, tags or parameters differ is updated;
    - a run whose milestone is gone, or a second run for one milestone, is deleted; a run
      under way is left to finish."""
    now = require_aware(now)
    wanted = {d.milestone: d for d in desired}
    found: dict[str | None, list[ExistingRun]] = defaultdict(list)
    for run in sorted(existing, key=lambda r: r.id):
        found[run.milestone].append(run)
    create, reschedule, update, delete = [], [], [], []
    for key, runs in found.items():
        goal = wanted.get(key) if key is not None else None
        keep = runs[0] if goal is not None else None
        delete += [r.id for r in runs if r is not keep and r.state is not RunState.RUNNING]
        if keep is None or goal is None:
            continue
        moved = keep.scheduled is None or require_aware(keep.scheduled) != goal.scheduled
        waiting = keep.state in (RunState.SCHEDULED, RunState.PENDING)
        if moved and (waiting or (keep.state is RunState.OTHER and goal.scheduled > now)):
            reschedule.append((keep.id, goal.scheduled))
        if (keep.name, tuple(sorted(keep.tags)), keep.parameters) != (
            goal.name,
            goal.tags,
            goal.parameters,
        ):
            update.append((keep.id, goal))
    create = [d for d in desired if d.milestone not in found]
    return SyncPlan(tuple(create), tuple(reschedule), tuple(update), tuple(sorted(delete)))
