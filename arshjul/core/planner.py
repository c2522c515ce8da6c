"""Turn a cycle template and a budget year into dated meetings, milestones and deliverables.

Pure: the same template and year always give the same plan. Each milestone's deadline is
computed from its rule (arshjul.core.planner_dates), then moved to a business day by its
shift rule; the plan keeps the nominal date and the days passed over, so whoever reads it
can see why a date moved. A decision on a meeting falls on the meeting's day whatever day
that is: a meeting held on a Sunday or a public holiday is a warning of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from graphlib import TopologicalSorter
from typing import Any

from arshjul.core.calendar import Shift, Shifted, day_off, last_day_of_month, shift
from arshjul.core.phases import phase_of
from arshjul.core.planner_dates import (
    RuleNotComputable,
    Span,
    calendar_dates,
    last_own_meeting,
    meeting_date,
    offset,
    rule_date,
    year_date,
)
from arshjul.core.problems import Problem, Severity
from arshjul.core.reminders import ReminderSchedule
from arshjul.core.template import (
    INSTANCE,
    AfterMeeting,
    AfterMilestone,
    AfterMonthEnd,
    BeforeMeeting,
    BodyKind,
    CompletedBy,
    CycleTemplate,
    DeadlineRule,
    EachMeetingOf,
    EachMonth,
    LastOwnMeetingBefore,
    Milestone,
    OnMeeting,
)

__all__ = ["RuleNotComputable", "calendar_dates", "last_day_of_month", "meeting_date", "plan"]


@dataclass(frozen=True, slots=True)
class PlannedMeeting:
    key: str
    body: str
    title: str
    date: Shifted  # the first day
    days: int = 1  # held on this many days in a row

    @property
    def last_day(self) -> dt.date:
        return self.date.date + dt.timedelta(days=self.days - 1)

    def held_on(self) -> tuple[dt.date, ...]:
        return tuple(self.date.date + dt.timedelta(days=n) for n in range(self.days))


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
    template_key: str = ""  # the template's milestone; differs from `key` in a series
    law: str | None = None  # arshjul.core.template.LawTag, as it is that budget year
    period_months: int | None = None  # a report's period: January to this month
    meeting: str | None = None  # the planned meeting the deadline is counted from
    phase: str = ""  # arshjul.core.phases.Phase
    optional: bool = False  # may be taken, need not: never late, never chased
    period_parts: tuple[tuple[str, int], ...] = ()  # a report's parts and their periods
    period_year: int | None = None  # the year the period is of (the budget year if None)

    @property
    def source_key(self) -> str:
        return self.template_key or self.key

    def period_ends(self, budget_year: int) -> tuple[dt.date, ...]:
        """The last day of each period the report covers (one, or one per part)."""
        year = self.period_year if self.period_year is not None else budget_year
        months = [n for _, n in self.period_parts] or (
            [self.period_months] if self.period_months else []
        )
        return tuple(last_day_of_month(year, n) for n in months)


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


# Bounds on what one cycle may plan, series instances included (Uppsala plans 55
# milestones and 133 deliverables a year): far above any wheel, far below minutes of work.
MAX_PLANNED = 2_000
MAX_DELIVERABLES = 20_000


def plan(template: CycleTemplate, budget_year: int) -> tuple[CyclePlan | None, list[Problem]]:
    """Compute the cycle for `budget_year`; returns (None, problems) if any date fails."""
    planner = _Planner(template, budget_year)
    try:
        starts = year_date(template.window_start, budget_year)
        ends = year_date(template.window_end, budget_year)
    except RuleNotComputable as exc:
        planner.report("uncomputable", None, "cycle", detail=exc.detail)
        return None, planner.problems
    planner.window = (starts, ends)
    planner.plan_meetings()
    order = TopologicalSorter({ms.key: ms.anchor_milestones for ms in template.milestones})
    for key in order.static_order():
        planner.plan_milestone(planner.by_key[key])
        if len(planner.planned) > MAX_PLANNED:
            planner.report("too_many_planned", None, "milestones", limit=MAX_PLANNED)
            return None, planner.problems
    deliverables = sum(len(m.responsible) for m in planner.planned)
    if deliverables > MAX_DELIVERABLES:
        planner.report(
            "too_many_deliverables", None, "milestones", count=deliverables, limit=MAX_DELIVERABLES
        )
    if any(p.severity is Severity.ERROR for p in planner.problems):
        return None, planner.problems
    planned = sorted(
        planner.planned, key=lambda m: (m.deadline.date, planner.index[m.source_key], m.key)
    )
    meetings = sorted(planner.meetings, key=lambda m: (m.date.date, m.body, m.key))
    return CyclePlan(budget_year, starts, ends, tuple(meetings), tuple(planned)), planner.problems


def calendar_meeting_key(body: str, day: dt.date) -> str:
    return f"{body}-{day.isoformat()}"


@dataclass
class _Planner:
    """One budget year's plan as it is computed: meetings first, then milestones in
    dependency order, each problem located in the template."""

    template: CycleTemplate
    budget_year: int
    problems: list[Problem] = field(default_factory=list)
    window: tuple[dt.date, dt.date] = (dt.date.min, dt.date.max)
    meetings: list[PlannedMeeting] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)
    not_held: set[str] = field(default_factory=set)
    deadlines: dict[str, dt.date] = field(default_factory=dict)  # a milestone's last deadline
    instances: dict[str, dt.date] = field(default_factory=dict)  # each planned deliverable's
    planned: list[PlannedMilestone] = field(default_factory=list)

    def __post_init__(self) -> None:
        t = self.template
        self.calendars = {c.body: c for c in t.calendars if c.applies(self.budget_year)}
        self.index = {ms.key: i for i, ms in enumerate(t.milestones)}
        self.by_key = {ms.key: ms for ms in t.milestones}
        self.absent = {ms.key for ms in t.milestones if not ms.applies(self.budget_year)}

    def report(
        self,
        code: str,
        line: int | None,
        where: str,
        severity: Severity = Severity.ERROR,
        **params: Any,
    ) -> None:
        params = {"budget_year": self.budget_year, **params}
        self.problems.append(Problem(code, self.template.file, line, where, params, severity))

    def inside(self, day: dt.date, line: int | None, where: str) -> None:
        starts, ends = self.window
        if not starts <= day <= ends:
            self.report(
                "outside_cycle",
                line,
                where,
                date=day.isoformat(),
                starts=starts.isoformat(),
                ends=ends.isoformat(),
            )

    # Meetings -----------------------------------------------------------------------------

    def plan_meetings(self) -> None:
        """The keyed meetings held this budget year, then the sammanträdesplan's meetings of
        the year the budget is prepared in (each calendar year belongs to one cycle)."""
        for i, meeting in enumerate(self.template.meetings):
            if not meeting.applies(self.budget_year):
                self.not_held.add(meeting.key)
                continue
            line = meeting.lines.get("date", meeting.line)
            try:
                date = meeting_date(meeting, self.budget_year, self.calendars)
            except RuleNotComputable as exc:
                self.report("uncomputable", line, f"meetings[{i}].date", detail=exc.detail)
                continue
            planned = PlannedMeeting(meeting.key, meeting.body, meeting.title, date, meeting.days)
            self.inside(planned.last_day, line, f"meetings[{i}].date")
            self._meeting_days_off(planned, line, f"meetings[{i}].date")
            self._add_meeting(planned)
        held = {(m.body, m.date.date) for m in self.meetings}
        for i, calendar in enumerate(self.template.calendars):
            if calendar.body not in self.calendars:
                continue
            try:
                days = calendar_dates(calendar, self.budget_year - 1)
            except RuleNotComputable as exc:
                self.report("uncomputable", calendar.line, f"calendars[{i}]", detail=exc.detail)
                continue
            for day in days:
                if (calendar.body, day) not in held:
                    key = calendar_meeting_key(calendar.body, day)
                    planned = PlannedMeeting(
                        key, calendar.body, calendar.title, Shifted(day, day, Shift.NONE)
                    )
                    self._meeting_days_off(planned, calendar.line, f"calendars[{i}].dates")
                    self._add_meeting(planned)

    def _add_meeting(self, planned: PlannedMeeting) -> None:
        self.meetings.append(planned)
        self.spans[planned.key] = Span(planned.date.date, planned.last_day)

    def _meeting_days_off(self, meeting: PlannedMeeting, line: int | None, where: str) -> None:
        """A meeting on a Sunday or a public holiday (an override, a listed date, `shift:
        none`) is most likely a typing error: a warning naming the day."""
        for day in meeting.held_on():
            off = day_off(day)
            if off is not None and day.weekday() != 5:  # Saturdays are unusual, not holidays
                self.report(
                    "meeting_on_day_off",
                    line,
                    where,
                    Severity.WARNING,
                    meeting=meeting.key,
                    body=meeting.body,
                    date=day.isoformat(),
                    day={"sv": off.name_sv, "en": off.name_en},
                )

    # Milestones ---------------------------------------------------------------------------

    def plan_milestone(self, ms: Milestone) -> None:
        if ms.key in self.absent:
            return
        rule = ms.rule_for(self.budget_year)
        rule_field = "deadline" if rule is ms.deadline else "deadline_in_election_year"
        where = f"milestones[{self.index[ms.key]}].{rule_field}"
        line = ms.lines.get(rule_field, ms.line)
        if not self._anchors_ready(ms, (rule, *ms.deadline_for.values()), line, where):
            return
        try:
            instances = self._instances(ms, rule)
        except RuleNotComputable as exc:
            self.report("uncomputable", line, where, detail=exc.detail)
            return
        depends_on = self._dependencies(ms)
        for instance in instances:
            self.inside(instance.deadline.date, line, where)
            self._check_order(ms, instance, depends_on)
            self._check_period(ms, instance)
            self.planned.append(
                replace(instance, depends_on=tuple(depends_on), phase=self._phase(ms, instance))
            )
            self.instances[instance.key] = instance.deadline.date
        if instances:
            self.deadlines[ms.key] = max(i.deadline.date for i in instances)
        for i in instances:
            if i.meeting is not None and i.meeting not in self.spans:
                own = Shifted(i.deadline.nominal, i.deadline.nominal, Shift.NONE)
                title = self.calendars[i.responsible[0]].title
                self._add_meeting(PlannedMeeting(i.meeting, i.responsible[0], title, own))

    def _anchors_ready(
        self, ms: Milestone, rules: tuple[DeadlineRule, ...], line: int | None, where: str
    ) -> bool:
        """Whether every meeting and milestone the rules count from is planned: one not
        held or absent this year is an error naming both; one that failed has its own."""
        for rule in rules:
            meeting = getattr(rule, "meeting", None)
            if meeting in self.not_held:
                self.report("meeting_not_held", line, where, milestone=ms.key, meeting=meeting)
                return False
            anchor = getattr(rule, "milestone", None)
            if anchor is not None and anchor.split(INSTANCE, 1)[0] in self.absent:
                self.report("anchor_absent", line, where, milestone=ms.key, anchor=anchor)
                return False
            if anchor is not None and self._anchor_date(anchor) is None:
                if anchor.split(INSTANCE, 1)[0] in self.deadlines:
                    self.report("anchor_absent", line, where, milestone=ms.key, anchor=anchor)
                return False
            if meeting not in (None, "each") and meeting not in self.spans:
                return False
        return all(a in self.deadlines for a in ms.anchor_milestones if a not in self.absent)

    def _anchor_date(self, target: str) -> dt.date | None:
        """The date a milestone or one deliverable of a series (`tertial@4`) is due."""
        if INSTANCE not in target:
            return self.deadlines.get(target)
        resolved = self._resolve(target)
        return self.instances.get(resolved) if resolved else None

    def _resolve(self, target: str) -> str | None:
        """`series@instance` as the planned deliverable's key: `tertial@4` is
        `tertial@2021-04` in the 2021 cycle; `kungorelse@kf-budget` and `internbudget@BUN`
        are their own keys."""
        base, instance = target.split(INSTANCE, 1)
        series = self.by_key[base].series
        if isinstance(series, EachMonth):
            year = self.budget_year + series.year
            return f"{base}@{year}-{int(instance):02d}"
        return target

    def _dependencies(self, ms: Milestone) -> list[str]:
        """The planned keys this milestone waits for; one absent this year is dropped."""
        found = []
        for dep in ms.depends_on:
            base = dep.split(INSTANCE, 1)[0]
            if base in self.absent:
                continue
            key = self._resolve(dep) if INSTANCE in dep else dep
            if key is not None and (key in self.instances or key in self.deadlines):
                found.append(key)
        return found

    def _check_order(
        self, ms: Milestone, instance: PlannedMilestone, depends_on: list[str]
    ) -> None:
        for dep in depends_on:
            due = self.instances.get(dep) if INSTANCE in dep else self.deadlines.get(dep)
            if due is not None and due > instance.deadline.date:
                self.report(
                    "dependency_order",
                    ms.lines.get("depends_on", ms.line),
                    f"milestones[{self.index[ms.key]}].depends_on",
                    Severity.WARNING,
                    milestone=instance.key,
                    deadline=instance.deadline.date.isoformat(),
                    dependency=dep,
                    dependency_deadline=due.isoformat(),
                )

    def _check_period(self, ms: Milestone, instance: PlannedMilestone) -> None:
        """A report cannot be handed over before the period it reports on has ended."""
        ends = instance.period_ends(self.budget_year)
        if ends and instance.deadline.date <= max(ends):
            self.report(
                "period_not_ended",
                ms.lines.get("period_months", ms.lines.get("deadline", ms.line)),
                f"milestones[{self.index[ms.key]}].period_months",
                milestone=instance.key,
                date=instance.deadline.date.isoformat(),
                period_end=max(ends).isoformat(),
            )

    def _phase(self, ms: Milestone, instance: PlannedMilestone) -> str:
        council = instance.completed_by is CompletedBy.DECISION and any(
            self.template.body(b).kind in (BodyKind.KF, BodyKind.KS) for b in instance.responsible
        )
        return ms.phase or phase_of(
            instance.deadline.date, self.budget_year, law=instance.law, council_decision=council
        )

    def _instances(self, ms: Milestone, rule: DeadlineRule) -> list[PlannedMilestone]:
        """The milestone as planned deliverables: one, or one per meeting, month or body."""
        base = PlannedMilestone(
            ms.key,
            ms.title,
            ms.deliverable,
            ms.description,
            self.template.responsible_bodies(ms),
            ms.depends_on,
            rule,
            Shifted(dt.date.min, dt.date.min, Shift.NONE),
            ms.reminders or self.template.reminders,
            ms.opens_on_decision,
            ms.collects,
            ms.completed_by,
            template_key=ms.key,
            law=ms.law_for(self.budget_year),
            period_months=ms.period_months,
            optional=ms.optional,
            period_parts=ms.period_parts,
        )
        if isinstance(ms.series, EachMeetingOf):
            return self._each_meeting(ms, ms.series, rule, base)
        if isinstance(ms.series, EachMonth) and isinstance(rule, AfterMonthEnd):
            return self._each_month(ms, ms.series, rule, base)
        if isinstance(rule, LastOwnMeetingBefore) or ms.deadline_for:
            return [self._own(ms, body, rule, base) for body in base.responsible]
        return [self._dated(ms, rule, base)]

    def _dated(self, ms: Milestone, rule: DeadlineRule, base: PlannedMilestone) -> PlannedMilestone:
        anchors = {}
        if isinstance(rule, AfterMilestone):
            found = self._anchor_date(rule.milestone)
            assert found is not None  # _anchors_ready saw to it
            anchors[rule.milestone] = found
        nominal = rule_date(rule, self.budget_year, self.spans, anchors)
        on: str | None = getattr(rule, "meeting", None)
        if isinstance(rule, OnMeeting):  # decided at the meeting, on its day
            return replace(
                base, rule=rule, deadline=Shifted(nominal, nominal, Shift.NONE), meeting=on
            )
        return replace(base, rule=rule, deadline=shift(nominal, ms.shift), meeting=on)

    def _own(
        self, ms: Milestone, body: str, rule: DeadlineRule, base: PlannedMilestone
    ) -> PlannedMilestone:
        """One body's deliverable: at its own last meeting before a date, or by the rule
        `deadline_for:` gives it."""
        own_rule = ms.deadline_for.get(body, rule)
        keyed = replace(
            base, key=f"{ms.key}@{body}", title=f"{ms.title} ({body})", responsible=(body,)
        )
        if isinstance(own_rule, LastOwnMeetingBefore):
            day = last_own_meeting(self.calendars.get(body), own_rule, self.budget_year)
            return replace(
                keyed,
                rule=own_rule,
                deadline=Shifted(day, day, Shift.NONE),
                meeting=calendar_meeting_key(body, day),
            )
        return self._dated(ms, own_rule, keyed)

    def _each_meeting(
        self, ms: Milestone, series: EachMeetingOf, rule: DeadlineRule, base: PlannedMilestone
    ) -> list[PlannedMilestone]:
        """One deliverable per meeting of the body in the year the budget is prepared in."""
        found = []
        for meeting in sorted(self.meetings, key=lambda m: m.date.date):
            if meeting.body != series.body or meeting.date.date.year != self.budget_year - 1:
                continue  # each calendar year's meetings belong to the cycle prepared in it
            if not isinstance(rule, OnMeeting | BeforeMeeting | AfterMeeting):
                raise RuleNotComputable("a series over meetings needs a rule on meeting 'each'")
            own_rule = replace(rule, meeting=meeting.key)
            planned = self._dated(ms, own_rule, base)
            found.append(
                replace(
                    planned,
                    key=f"{ms.key}@{meeting.key}",
                    title=f"{ms.title} ({meeting.date.date.isoformat()})",
                )
            )
        return found

    def _each_month(
        self, ms: Milestone, series: EachMonth, rule: AfterMonthEnd, base: PlannedMilestone
    ) -> list[PlannedMilestone]:
        """One deliverable per month of the series, counted from the month's last day."""
        found = []
        year = self.budget_year + series.year
        for month in series.months:
            period_end = last_day_of_month(year, month)
            nominal = offset(period_end, rule, 1)
            found.append(
                replace(
                    base,
                    key=f"{ms.key}@{year}-{month:02d}",
                    title=f"{ms.title} per {period_end.isoformat()}",
                    deadline=shift(nominal, ms.shift),
                    period_months=month,
                    period_year=year,
                )
            )
        return found
