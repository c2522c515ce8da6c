"""The follow-up rolled up for KF: vision area × nämnd and goal × nämnd, each cell the
latest assessment with its trend over the year's reports (tertial 1 → delår → helår), the
summary per vision area and per goal, and the gaps. Pure: the service reads the rows and
hands them in; the page, the XLSX, the JSON and the annual report's section all show what
this computes.

A report counts with its latest version (a returned one too, until the next comes: it is
still what the nämnd last said). The trend compares a commitment's latest assessment with
the one before it on the scale uppfyllt > delvis uppfyllt > inte uppfyllt; "går inte att
bedöma" on either side makes it unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from arshjul.core.assessments import RANK, Assessment, Level
from arshjul.core.commitments import CommitmentKind, CommitmentRef, Commitments
from arshjul.core.goals import GOALS
from arshjul.core.indicators import Indicator, Source, meets_target


class Trend(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"
    FIRST = "first"  # assessed once so far
    UNKNOWN = "unknown"  # one side cannot be assessed


@dataclass(frozen=True, slots=True)
class Report:
    """A follow-up milestone of the cycle (one month of a tertial series is one report)."""

    key: str
    title: str
    deadline: dt.date


@dataclass(frozen=True, slots=True)
class HandedIn:
    """A nämnd's latest version of one report."""

    version: int
    assessments: tuple[Assessment, ...]


@dataclass(frozen=True)
class NamndFollowup:
    body: str
    name: str
    commitments: Commitments | None  # None: no verksamhetsplan with commitments yet
    reports: dict[str, HandedIn] = field(default_factory=dict)  # report key -> latest


@dataclass(frozen=True, slots=True)
class Step:
    """A commitment's assessment in one report."""

    report: str
    version: int
    level: Level
    comment: str
    values: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class Reading:
    """An indicator's latest value: from the latest report that gave one, else the latest
    year imported for the municipality."""

    indicator: Indicator
    value: float | None
    source: Source | None
    when: str  # the report's key or the year
    meets: bool | None


@dataclass(frozen=True, slots=True)
class Cell:
    body: str
    ref: CommitmentRef
    history: tuple[Step | None, ...]  # one per report, in the reports' order
    trend: Trend | None  # None: never assessed
    readings: tuple[Reading, ...] = ()

    @property
    def latest(self) -> Step | None:
        return next((s for s in reversed(self.history) if s is not None), None)


@dataclass(frozen=True, slots=True)
class Summary:
    """One goal or vision area over all nämnder: how many contribute, how they assess it."""

    ref: CommitmentRef
    contributing: int
    levels: dict[Level, int]
    not_assessed: int


class GapKind(StrEnum):
    """What the follow-up lacks (said by the text key `followup_gap_<kind>`)."""

    GOAL_UNCHOSEN = "goal_unchosen"  # no nämnd works on this global goal
    AREA_UNCOVERED = "area_uncovered"  # no nämnd contributes to this vision area
    NO_COMMITMENTS = "no_commitments"  # the nämnd has handed in no commitments
    REPORT_MISSING = "report_missing"  # a report past its deadline not handed in
    NOT_ASSESSED = "not_assessed"  # a commitment left out of the latest report handed in


@dataclass(frozen=True, slots=True)
class Gap:
    kind: GapKind
    body: str = ""
    ref: CommitmentRef | None = None
    report: str = ""


@dataclass(frozen=True)
class Rollup:
    reports: tuple[Report, ...]
    bodies: tuple[tuple[str, str], ...]  # (key, name) in the wheel's order
    areas: tuple[tuple[str, str], ...]  # (key, name) of the vision
    goals: tuple[int, ...]  # chosen by at least one nämnd
    cells: dict[tuple[CommitmentRef, str], Cell]  # (commitment, body) -> cell
    summaries: tuple[Summary, ...]
    gaps: tuple[Gap, ...]
    handed_in: dict[str, tuple[str, ...]]  # report key -> the bodies that handed it in

    def cell(self, ref: CommitmentRef, body: str) -> Cell | None:
        return self.cells.get((ref, body))

    def rows(self, kind: CommitmentKind) -> tuple[CommitmentRef, ...]:
        if kind is CommitmentKind.GOAL:
            return tuple(CommitmentRef(kind, str(n)) for n in self.goals)
        return tuple(CommitmentRef(kind, key) for key, _name in self.areas)

    def summary(self, ref: CommitmentRef) -> Summary:
        return next(s for s in self.summaries if s.ref == ref)


def trend(history: tuple[Step | None, ...]) -> Trend | None:
    levels = [step.level for step in history if step is not None]
    if not levels:
        return None
    if len(levels) == 1:
        return Trend.FIRST
    before, latest = RANK.get(levels[-2]), RANK.get(levels[-1])
    if before is None or latest is None:
        return Trend.UNKNOWN
    return Trend.UP if latest > before else Trend.DOWN if latest < before else Trend.SAME


def roll_up(
    *,
    reports: list[Report],
    namnder: list[NamndFollowup],
    areas: tuple[tuple[str, str], ...],
    imported: dict[str, dict[int, float]],
    today: dt.date,
) -> Rollup:
    """The roll-up of one budget year's reports over the nämnder."""
    ordered = tuple(sorted(reports, key=lambda r: (r.deadline, r.key)))
    cells: dict[tuple[CommitmentRef, str], Cell] = {}
    for namnd in namnder:
        if namnd.commitments is None:
            continue
        for ref in namnd.commitments.refs(tuple(key for key, _ in areas)):
            cells[(ref, namnd.body)] = _cell(namnd, namnd.commitments, ref, ordered, imported)
    chosen = sorted({int(ref.key) for ref, _ in cells if ref.kind is CommitmentKind.GOAL})
    rollup = Rollup(
        ordered,
        tuple((n.body, n.name) for n in namnder),
        areas,
        tuple(chosen),
        cells,
        (),
        (),
        {r.key: tuple(n.body for n in namnder if r.key in n.reports) for r in ordered},
    )
    refs = rollup.rows(CommitmentKind.VISION) + rollup.rows(CommitmentKind.GOAL)
    rollup = replace(rollup, summaries=tuple(_summary(rollup, ref) for ref in refs))
    return replace(rollup, gaps=_gaps(rollup, namnder, today))


def _cell(
    namnd: NamndFollowup,
    commitments: Commitments,
    ref: CommitmentRef,
    reports: tuple[Report, ...],
    imported: dict[str, dict[int, float]],
) -> Cell:
    history: list[Step | None] = []
    for report in reports:
        handed = namnd.reports.get(report.key)
        given = next((a for a in handed.assessments if a.ref == ref), None) if handed else None
        history.append(
            None
            if handed is None or given is None
            else Step(report.key, handed.version, given.level, given.comment, given.values)
        )
    steps = tuple(history)
    readings = tuple(
        _reading(indicator, steps, imported.get(indicator.ref, {}))
        for indicator in commitments.indicators.get(ref, ())
    )
    return Cell(namnd.body, ref, steps, trend(steps), readings)


def _reading(
    indicator: Indicator, history: tuple[Step | None, ...], imported: dict[int, float]
) -> Reading:
    for step in reversed(history):
        values = dict(step.values) if step else {}
        if step is not None and indicator.ref in values:
            value = values[indicator.ref]
            return Reading(
                indicator, value, Source.REPORT, step.report, meets_target(indicator, value)
            )
    if imported:
        year = max(imported)
        value = imported[year]
        source = Source.KOLADA if indicator.kolada else Source.CSV
        return Reading(indicator, value, source, str(year), meets_target(indicator, value))
    return Reading(indicator, None, None, "", None)


def _summary(rollup: Rollup, ref: CommitmentRef) -> Summary:
    levels = dict.fromkeys(Level, 0)
    contributing = not_assessed = 0
    for body, _name in rollup.bodies:
        cell = rollup.cell(ref, body)
        if cell is None:
            continue
        contributing += 1
        latest = cell.latest
        if latest is None:
            not_assessed += 1
        else:
            levels[latest.level] += 1
    return Summary(ref, contributing, levels, not_assessed)


def _gaps(rollup: Rollup, namnder: list[NamndFollowup], today: dt.date) -> tuple[Gap, ...]:
    gaps = [
        Gap(GapKind.GOAL_UNCHOSEN, ref=CommitmentRef(CommitmentKind.GOAL, str(n)))
        for n in GOALS
        if n not in rollup.goals
    ]
    for ref in rollup.rows(CommitmentKind.VISION):
        if rollup.summary(ref).contributing == 0:
            gaps.append(Gap(GapKind.AREA_UNCOVERED, ref=ref))
    for namnd in namnder:
        if namnd.commitments is None:
            gaps.append(Gap(GapKind.NO_COMMITMENTS, namnd.body))
            continue
        for report in rollup.reports:
            if report.deadline < today and report.key not in namnd.reports:
                gaps.append(Gap(GapKind.REPORT_MISSING, namnd.body, report=report.key))
        latest = next((r for r in reversed(rollup.reports) if r.key in namnd.reports), None)
        if latest is None:
            continue
        given = {a.ref for a in namnd.reports[latest.key].assessments}
        areas = tuple(key for key, _ in rollup.areas)
        gaps += [
            Gap(GapKind.NOT_ASSESSED, namnd.body, ref, latest.key)
            for ref in namnd.commitments.refs(areas)
            if ref not in given
        ]
    return tuple(gaps)
