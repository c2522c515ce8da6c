"""The cycle as Prefect sees it: one scheduled flow run per milestone, at 23:59 Stockholm
time on its deadline day (so Prefect's UI shows the deadline day; the run waits out the
last minute and judges the milestone as of the day's end), and what to change so the runs
mirror the plan. Pure: the Prefect client edge (arshjul.flows.mirror) reads the runs there
are and applies the changes.

Our tables stay the truth; the runs are a view rebuilt from them (`arshjul prefect sync`).
A run is found again by its milestone tag, and created with an idempotency key, so two
syncs at once, or a rerun, never make a second run for the same milestone.

    desired_runs(code, year, milestones) -> [DesiredRun]
    sync_plan(desired, existing, now)    -> SyncPlan(create, reschedule, update, delete,
                                                     unchanged)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from arshjul.core.instants import STOCKHOLM, require_aware

MIRROR_TAG = "arshjul"
# A milestone's run is scheduled this long before its deadline day ends: at 23:59 (no
# change to or from summer time happens at midnight in Stockholm)
RUN_EARLY = dt.timedelta(minutes=1)
# A run started before its deadline day has ended waits for the end when it is this close
# (it is scheduled a minute before, and a worker may start a run a few seconds early); a
# run started earlier than that (by hand, from the UI) judges the milestone as of then.
WAITS_AT_MOST = dt.timedelta(minutes=10)


def end_of_day(day: dt.date) -> dt.datetime:
    """The end of a Stockholm calendar day (midnight that starts the next), in UTC: a hand-in
    at 23:59 is on time, so the milestone is judged after it."""
    following = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=STOCKHOLM)
    return following.astimezone(dt.UTC)


def run_start(day: dt.date) -> dt.datetime:
    """When a milestone's run is scheduled, in UTC: 23:59 Stockholm time on its deadline day.
    At midnight, Prefect's UI would show the run on the day after the deadline."""
    return end_of_day(day) - RUN_EARLY


def wait_for_day_end(now: dt.datetime, day_end: dt.datetime) -> dt.timedelta:
    """How long a run started at `now` waits before judging, so that a hand-in in the
    deadline day's last minute counts: until `day_end` when that is at most WAITS_AT_MOST
    ahead, else not at all (after the end, or a run started by hand well before it)."""
    ahead = require_aware(day_end) - require_aware(now)
    return ahead if dt.timedelta(0) < ahead <= WAITS_AT_MOST else dt.timedelta(0)


def decision_words(milestone: str, body: str) -> str:
    """A decision milestone's key in words, without the deciding body it names:
    ("kf-budget", "KF") -> "budget", so a run reads "KF budget 2027"."""
    words = [w for w in milestone.split("-") if body and w.lower() != body.lower()]
    return " ".join(words or milestone.split("-"))


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
    code: str,
    budget_year: int,
    milestones: list[MirrorMilestone],
    inherited_tags: Iterable[str] = (),
) -> list[DesiredRun]:
    """One run per milestone: named "2262 kf-budget 2020", tagged with the municipality,
    budget year, phase, milestone and responsible bodies (and `beslut:KF` on KF's or KS's
    own decisions, for automations), its title and deliverables as parameters.
    `inherited_tags` are the deployment's own (prefect.yaml's `milestones`): Prefect adds
    them to every run it creates for it, so a run is as wanted only when it keeps them."""
    runs = []
    for m in milestones:
        bodies = sorted({body for body, _ in m.deliverables})
        tags = {
            *inherited_tags,
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
                run_start(m.deadline),
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
    unchanged: int = 0  # milestones whose run is left as it is

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
    create: list[DesiredRun] = []
    reschedule: list[tuple[str, dt.datetime]] = []
    update: list[tuple[str, DesiredRun]] = []
    delete: list[str] = []
    unchanged = 0
    for key, runs in found.items():
        goal = wanted.get(key) if key is not None else None
        keep = runs[0] if goal is not None else None
        delete += [r.id for r in runs if r is not keep and r.state is not RunState.RUNNING]
        if keep is None or goal is None:
            continue
        moved = keep.scheduled is None or require_aware(keep.scheduled) != goal.scheduled
        waiting = keep.state in (RunState.SCHEDULED, RunState.PENDING)
        changed = False
        if moved and (waiting or (keep.state is RunState.OTHER and goal.scheduled > now)):
            reschedule.append((keep.id, goal.scheduled))
            changed = True
        if (keep.name, tuple(sorted(set(keep.tags))), keep.parameters) != (
            goal.name,
            goal.tags,
            goal.parameters,
        ):
            update.append((keep.id, goal))
            changed = True
        if not changed:
            unchanged += 1
    create = [d for d in desired if d.milestone not in found]
    return SyncPlan(
        tuple(create), tuple(reschedule), tuple(update), tuple(sorted(delete)), unchanged
    )
