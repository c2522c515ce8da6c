"""What a change to the wheel would do, before it is applied: the plan in force (as plain
facts read from the tables) against the plan of a candidate template, for one budget year.

Pure: no database, no clock (`today` is passed). The preview a coordinator reads, the CLI's
`arshjul plan FILE --preview` and the pages' "Förhandsgranska" are all this one function.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from arshjul.core.planner import CyclePlan
from arshjul.core.template import rule_as_dict


@dataclass(frozen=True, slots=True)
class MilestoneNow:
    """A milestone of the cycle as stored: its deadline and the rule it came from."""

    key: str
    title: str
    deadline: dt.date
    rule: dict[str, Any]
    optional: bool = False


@dataclass(frozen=True, slots=True)
class DeliverableNow:
    """What one body owes as stored; a deadline of its own is not moved by re-planning."""

    milestone_key: str
    body_key: str
    own_deadline: dt.date | None = None
    not_applicable: bool = False


@dataclass(frozen=True, slots=True)
class MeetingNow:
    key: str
    title: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class Moved:
    """A deadline (or a meeting) that moves, from what to what, and the rules behind it."""

    key: str
    title: str
    old: dt.date
    new: dt.date
    old_rule: dict[str, Any]
    new_rule: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Owed:
    """One deliverable (a milestone's, for one body) that appears or goes."""

    milestone_key: str
    title: str
    body_key: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A changed-date notice applying would send: to this body's secretaries."""

    milestone_key: str
    body_key: str
    old: dt.date
    new: dt.date


@dataclass(frozen=True)
class PlanDiff:
    moved: tuple[Moved, ...]
    meetings_moved: tuple[Moved, ...]
    appearing: tuple[Owed, ...]
    going: tuple[Owed, ...]
    notices: tuple[Notice, ...]

    @property
    def changed(self) -> bool:
        return bool(self.moved or self.meetings_moved or self.appearing or self.going)


def diff_plans(
    *,
    milestones: list[MilestoneNow],
    deliverables: list[DeliverableNow],
    meetings: list[MeetingNow],
    candidate: CyclePlan,
    today: dt.date,
) -> PlanDiff:
    """The changes from the stored plan to `candidate`. A changed-date notice is owed for
    each deliverable that stays, of a milestone whose deadline moves to today or later,
    unless the body has a deadline of its own, the step is optional or "inte aktuell"
    for it: the same deliverables the sweep's changed-date notices reach."""
    now_by_key = {m.key: m for m in milestones}
    moved = tuple(
        Moved(pm.key, pm.title, old.deadline, pm.deadline.date, old.rule, rule_as_dict(pm.rule))
        for pm in candidate.milestones
        if (old := now_by_key.get(pm.key)) is not None and old.deadline != pm.deadline.date
    )
    meetings_now = {m.key: m for m in meetings}
    meetings_moved = tuple(
        Moved(pm.key, pm.title, held.date, pm.date.date, {}, {})
        for pm in candidate.meetings
        if (held := meetings_now.get(pm.key)) is not None and held.date != pm.date.date
    )
    titles = {m.key: m.title for m in milestones} | {m.key: m.title for m in candidate.milestones}
    before = {(d.milestone_key, d.body_key) for d in deliverables}
    after = {(pm.key, body) for pm, body in candidate.deliverables()}
    order = [(pm.key, body) for pm, body in candidate.deliverables()]
    appearing = tuple(Owed(k, titles[k], b) for k, b in order if (k, b) not in before)
    going = tuple(
        Owed(d.milestone_key, titles.get(d.milestone_key, d.milestone_key), d.body_key)
        for d in deliverables
        if (d.milestone_key, d.body_key) not in after
    )
    optional = {pm.key for pm in candidate.milestones if pm.optional}
    by_milestone = {m.key: m for m in moved}
    notices = tuple(
        Notice(d.milestone_key, d.body_key, change.old, change.new)
        for d in deliverables
        if (change := by_milestone.get(d.milestone_key)) is not None
        and (d.milestone_key, d.body_key) in after
        and d.own_deadline is None
        and not d.not_applicable
        and d.milestone_key not in optional
        and change.new >= today
    )
    return PlanDiff(moved, meetings_moved, appearing, going, notices)
