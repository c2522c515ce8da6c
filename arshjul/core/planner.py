"""Turn a cycle template and a budget year into dated meetings, milestones and deliverables.

Pure: the same template and year always give the same plan. Each milestone's deadline is
computed from its rule, then moved to a business day by its shift rule; the plan keeps the
nominal date and the days passed over, so whoever reads it can see why a date moved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from graphlib import TopologicalSorter
from typing import Any

from arshjul.core.calendar import (
    Shift,
    Shifted,
    add_business_days,
    last_business_day_of_month,
    nth_weekday_of_month,
    shift,
)
from arshjul.core.problems import Problem, Severity
from arshjul.core.reminders import ReminderSchedule
from arshjul.core.template import (
    AfterMeeting,
    AfterMilestone,
    BeforeMeeting,
    CompletedBy,
    CycleTemplate,
    DeadlineRule,
    FixedDate,
    LastBusinessDay,
    Meeting,
    Milestone,
    NthWeekday,
    OnMeeting,
    YearDate,
)


@dataclass(frozen=True, slots=True)
class PlannedMeeting:
    key: str
    body: str
    title: str
    date: Shifted


@dataclass(frozen=True, slots=True)
class PlannedMilestone:
    key: str
    title: str
    deliverable: str
    description: str
    responsible: tuple[str, ...]  # resolved body keys
    depends_on: tuple[str, ...]
    rule: DeadlineRule
    deadline: Shifted
    reminders: ReminderSchedule
    opens_on_decision: str | None = None
    collects: str | None = None
    completed_by: CompletedBy = CompletedBy.HAND_IN


@dataclass(frozen=True, slots=True)
class CyclePlan:
    budget_year: int
    starts: dt.date
    ends: dt.date
    meetings: tuple[PlannedMeeting, ...]
    milestones: tuple[PlannedMilestone, ...]  # by deadline, then template order

    def milestone(self, key: str) -> PlannedMilestone:
        return next(m for m in self.milestones if m.key == key)

    def meeting(self, key: str) -> PlannedMeeting:
        return next(m for m in self.meetings if m.key == key)

    def deliverables(self) -> list[tuple[PlannedMilestone, str]]:
        """Every (milestone, responsible body key) pair: one deliverable each."""
        return [(m, body) for m in self.milestones for body in m.responsible]


class RuleNotComputable(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def year_date(spec: YearDate | FixedDate, budget_year: int) -> dt.date:
    try:
        return dt.date(budget_year + spec.year, spec.month, spec.day)
    except ValueError as exc:
        raise RuleNotComputable(f"{spec.month:02d}-{spec.day:02d}: {exc}") from exc


def meeting_date(meeting: Meeting, budget_year: int) -> Shifted:
    """A meeting's date for a budget year: an override if given, else its rule, shifted."""
    override = meeting.overrides.get(budget_year)
    if isinstance(override, dt.date):
        return Shifted(override, override, Shift.NONE)
    when = meeting.when
    if isinstance(when, NthWeekday):
        try:
            nominal = nth_weekday_of_month(
                budget_year + when.year, when.month, when.weekday, when.nth
            )
        except ValueError as exc:
            raise RuleNotComputable(str(exc)) from exc
    else:
        nominal = year_date(when, budget_year)
    return shift(nominal, meeting.shift)


def _offset(day: dt.date, days: int | None, business_days: int | None, sign: int) -> dt.date:
    if business_days is not None:
        return add_business_days(day, sign * business_days)
    return day + dt.timedelta(days=sign * (days or 0))


def rule_date(
    rule: DeadlineRule,
    budget_year: int,
    meetings: dict[str, dt.date],
    milestones: dict[str, dt.date],
) -> dt.date:
    """The nominal (unshifted) date a rule gives; anchors must already be computed."""
    match rule:
        case FixedDate():
            return year_date(rule, budget_year)
        case LastBusinessDay(month=month, year=year):
            return last_business_day_of_month(budget_year + year, month)
        case OnMeeting(meeting=key):
            return meetings[key]
        case BeforeMeeting(meeting=key, days=days, business_days=bdays):
            return _offset(meetings[key], days, bdays, -1)
        case AfterMeeting(meeting=key, days=days, business_days=bdays):
            return _offset(meetings[key], days, bdays, 1)
        case AfterMilestone(milestone=key, days=days, business_days=bdays):
            return _offset(milestones[key], days, bdays, 1)
    raise RuleNotComputable(f"unknown rule {rule!r}")


def plan(template: CycleTemplate, budget_year: int) -> tuple[CyclePlan | None, list[Problem]]:
    """Compute the cycle for `budget_year`; returns (None, problems) if any date fails."""
    problems: list[Problem] = []

    def report(
        code: str, line: int | None, field: str, severity: Severity = Severity.ERROR, **params: Any
    ) -> None:
        problems.append(
            Problem(
                code, template.file, line, field, {"budget_year": budget_year, **params}, severity
            )
        )

    try:
        starts = year_date(template.window_start, budget_year)
        ends = year_date(template.window_end, budget_year)
    except RuleNotComputable as exc:
        report("uncomputable", None, "cycle", detail=exc.detail)
        return None, problems

    def inside(day: dt.date, line: int | None, field: str) -> None:
        if not starts <= day <= ends:
            report(
                "outside_cycle",
                line,
                field,
                date=day.isoformat(),
                starts=starts.isoformat(),
                ends=ends.isoformat(),
            )

    planned_meetings: list[PlannedMeeting] = []
    for i, meeting in enumerate(template.meetings):
        try:
            date = meeting_date(meeting, budget_year)
        except RuleNotComputable as exc:
            report(
                "uncomputable",
                meeting.lines.get("date", meeting.line),
                f"meetings[{i}].date",
                detail=exc.detail,
            )
            continue
        inside(date.date, meeting.lines.get("date", meeting.line), f"meetings[{i}].date")
        planned_meetings.append(PlannedMeeting(meeting.key, meeting.body, meeting.title, date))
    meeting_dates = {m.key: m.date.date for m in planned_meetings}

    index = {ms.key: i for i, ms in enumerate(template.milestones)}
    order = TopologicalSorter({ms.key: ms.anchor_milestones for ms in template.milestones})
    by_key = {ms.key: ms for ms in template.milestones}
    deadlines: dict[str, dt.date] = {}
    planned: list[PlannedMilestone] = []
    for key in order.static_order():
        ms: Milestone = by_key[key]
        rule = ms.rule_for(budget_year)
        rule_field = "deadline" if rule is ms.deadline else "deadline_in_election_year"
        field = f"milestones[{index[key]}].{rule_field}"
        line = ms.lines.get(rule_field, ms.line)
        waits_for_meeting = isinstance(rule, OnMeeting | BeforeMeeting | AfterMeeting) and (
            rule.meeting not in meeting_dates
        )
        if waits_for_meeting or any(a not in deadlines for a in ms.anchor_milestones):
            continue  # the anchor's own problem is already reported
        try:
            nominal = rule_date(rule, budget_year, meeting_dates, deadlines)
        except RuleNotComputable as exc:
            report("uncomputable", line, field, detail=exc.detail)
            continue
        deadline = shift(nominal, ms.shift)
        inside(deadline.date, line, field)
        for dep in ms.depends_on:
            if deadlines[dep] > deadline.date:
                report(
                    "dependency_order",
                    ms.lines.get("depends_on", ms.line),
                    f"milestones[{index[key]}].depends_on",
                    Severity.WARNING,
                    milestone=key,
                    deadline=deadline.date.isoformat(),
                    dependency=dep,
                    dependency_deadline=deadlines[dep].isoformat(),
                )
        deadlines[key] = deadline.date
        planned.append(
            PlannedMilestone(
                ms.key,
                ms.title,
                ms.deliverable,
                ms.description,
                template.responsible_bodies(ms),
                ms.depends_on,
                rule,
                deadline,
                ms.reminders or template.reminders,
                ms.opens_on_decision,
                ms.collects,
                ms.completed_by,
            )
        )

    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    planned.sort(key=lambda m: (m.deadline.date, index[m.key]))
    return CyclePlan(budget_year, starts, ends, tuple(planned_meetings), tuple(planned)), problems
