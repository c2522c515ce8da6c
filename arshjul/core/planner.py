"""Turn a cycle template and a budget year into dated meetings, milestones and deliverables.

Pure: the same template and year always give the same plan. Each milestone's deadline is
computed from its rule, then moved to a business day by its shift rule; the plan keeps the
nominal date and the days passed over, so whoever reads it can see why a date moved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
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
from arshjul.core.phases import phase_of
from arshjul.core.problems import Problem, Severity
from arshjul.core.reminders import ReminderSchedule
from arshjul.core.template import (
    AfterMeeting,
    AfterMilestone,
    AfterMonthEnd,
    BeforeMeeting,
    BodyCalendar,
    BodyKind,
    CalendarMeeting,
    CompletedBy,
    CycleTemplate,
    DeadlineRule,
    EachMeetingOf,
    EachMonth,
    FixedDate,
    LastBusinessDay,
    LastOwnMeetingBefore,
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
    template_key: str = ""  # the template's milestone; differs from `key` in a series
    law: str | None = None  # arshjul.core.template.LawTag
    period_months: int | None = None  # a report's period: January to this month
    meeting: str | None = None  # the planned meeting the deadline is counted from
    phase: str = ""  # arshjul.core.phases.Phase

    @property
    def source_key(self) -> str:
        return self.template_key or self.key


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


def calendar_dates(calendar: BodyCalendar, year: int) -> tuple[dt.date, ...]:
    """A body's meetings in a calendar year: the decided dates, else the yearly rule's."""
    listed = calendar.dates.get(year)
    if listed is not None:
        return tuple(d for d in listed if isinstance(d, dt.date))
    found: set[dt.date] = set()
    for rule in calendar.every_year:
        try:
            if isinstance(rule, NthWeekday):
                nominal = nth_weekday_of_month(year, rule.month, rule.weekday, rule.nth)
            else:
                nominal = dt.date(year, rule.month, rule.day)
        except ValueError as exc:
            raise RuleNotComputable(str(exc)) from exc
        found.add(shift(nominal, Shift.NEXT).date)
    return tuple(sorted(found))


def meeting_date(
    meeting: Meeting, budget_year: int, calendars: dict[str, BodyCalendar] | None = None
) -> Shifted:
    """A meeting's date for a budget year: an override if given, else its rule, shifted."""
    override = meeting.overrides.get(budget_year)
    if isinstance(override, dt.date):
        return Shifted(override, override, Shift.NONE)
    when = meeting.when
    if isinstance(when, CalendarMeeting):
        calendar = (calendars or {}).get(meeting.body)
        year = budget_year + when.year
        in_month = [
            d for d in (calendar_dates(calendar, year) if calendar else ()) if d.month == when.month
        ]
        if not -len(in_month) <= (when.nth - 1 if when.nth > 0 else when.nth) < len(in_month):
            raise RuleNotComputable(
                f"{meeting.body} has no meeting number {when.nth} in {year}-{when.month:02d} "
                "in its calendar"
            )
        day = in_month[when.nth - 1 if when.nth > 0 else when.nth]
        return Shifted(day, day, Shift.NONE)
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


def last_own_meeting(
    calendar: BodyCalendar | None, rule: LastOwnMeetingBefore, budget_year: int
) -> dt.date:
    """The body's last meeting on or before the rule's date (looking back one year)."""
    limit = year_date(FixedDate(rule.month, rule.day, rule.year), budget_year)
    days = (
        [d for y in (limit.year - 1, limit.year) for d in calendar_dates(calendar, y)]
        if calendar
        else []
    )
    before = [d for d in days if d <= limit]
    if not before:
        body = calendar.body if calendar else "?"
        raise RuleNotComputable(f"{body} has no meeting on or before {limit.isoformat()}")
    return max(before)


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
        case AfterMonthEnd() | LastOwnMeetingBefore():
            raise RuleNotComputable("a series rule outside its series")
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

    calendars = {c.body: c for c in template.calendars if c.applies(budget_year)}
    planned_meetings, not_held = _meetings(template, budget_year, calendars, report, inside)
    meeting_dates = {m.key: m.date.date for m in planned_meetings}

    index = {ms.key: i for i, ms in enumerate(template.milestones)}
    by_key = {ms.key: ms for ms in template.milestones}
    absent = {ms.key for ms in template.milestones if not ms.applies(budget_year)}
    order = TopologicalSorter({ms.key: ms.anchor_milestones for ms in template.milestones})
    deadlines: dict[str, dt.date] = {}
    planned: list[PlannedMilestone] = []
    for key in order.static_order():
        ms: Milestone = by_key[key]
        if key in absent:
            continue
        rule = ms.rule_for(budget_year)
        rule_field = "deadline" if rule is ms.deadline else "deadline_in_election_year"
        field = f"milestones[{index[key]}].{rule_field}"
        line = ms.lines.get(rule_field, ms.line)
        meeting = getattr(rule, "meeting", None)
        if meeting in not_held:
            report("meeting_not_held", line, field, milestone=key, meeting=meeting)
            continue
        anchor = getattr(rule, "milestone", None)
        if anchor in absent:
            report("anchor_absent", line, field, milestone=key, anchor=anchor)
            continue
        waits_for_meeting = (
            meeting is not None and meeting != "each" and (meeting not in meeting_dates)
        )
        depends_on = tuple(d for d in ms.depends_on if d not in absent)
        if waits_for_meeting or any(
            a not in deadlines for a in ms.anchor_milestones if a not in absent
        ):
            continue  # the anchor's own problem is already reported
        try:
            instances = _instances(
                template,
                ms,
                rule,
                budget_year,
                planned_meetings,
                meeting_dates,
                deadlines,
                calendars,
            )
        except RuleNotComputable as exc:
            report("uncomputable", line, field, detail=exc.detail)
            continue
        for instance in instances:
            inside(instance.deadline.date, line, field)
            for dep in depends_on:
                if deadlines[dep] > instance.deadline.date:
                    report(
                        "dependency_order",
                        ms.lines.get("depends_on", ms.line),
                        f"milestones[{index[key]}].depends_on",
                        Severity.WARNING,
                        milestone=instance.key,
                        deadline=instance.deadline.date.isoformat(),
                        dependency=dep,
                        dependency_deadline=deadlines[dep].isoformat(),
                    )
            phase = ms.phase or phase_of(
                instance.deadline.date,
                budget_year,
                law=ms.law,
                council_decision=instance.completed_by is CompletedBy.DECISION
                and any(
                    template.body(b).kind in (BodyKind.KF, BodyKind.KS)
                    for b in instance.responsible
                ),
            )
            planned.append(replace(instance, depends_on=depends_on, phase=phase))
        if instances:
            deadlines[key] = max(i.deadline.date for i in instances)
        for i in instances:
            if i.meeting is not None and i.meeting not in meeting_dates:
                own = Shifted(i.deadline.nominal, i.deadline.nominal, Shift.NONE)
                title = calendars[i.responsible[0]].title
                planned_meetings.append(PlannedMeeting(i.meeting, i.responsible[0], title, own))
                meeting_dates[i.meeting] = own.date

    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    planned.sort(key=lambda m: (m.deadline.date, index[m.source_key], m.key))
    planned_meetings.sort(key=lambda m: (m.date.date, m.body, m.key))
    return CyclePlan(budget_year, starts, ends, tuple(planned_meetings), tuple(planned)), problems


Report = Callable[..., None]  # the plan's located problem reporter


def _meetings(
    template: CycleTemplate,
    budget_year: int,
    calendars: dict[str, BodyCalendar],
    report: Report,
    inside: Callable[[dt.date, int | None, str], None],
) -> tuple[list[PlannedMeeting], set[str]]:
    """The keyed meetings held this budget year, then the sammanträdesplan's meetings of the
    year the budget is prepared in (each calendar year belongs to one cycle), and the keys
    of meetings not held this year."""
    planned: list[PlannedMeeting] = []
    not_held: set[str] = set()
    for i, meeting in enumerate(template.meetings):
        if not meeting.applies(budget_year):
            not_held.add(meeting.key)
            continue
        line = meeting.lines.get("date", meeting.line)
        try:
            date = meeting_date(meeting, budget_year, calendars)
        except RuleNotComputable as exc:
            report("uncomputable", line, f"meetings[{i}].date", detail=exc.detail)
            continue
        inside(date.date, line, f"meetings[{i}].date")
        planned.append(PlannedMeeting(meeting.key, meeting.body, meeting.title, date))
    held = {(m.body, m.date.date) for m in planned}
    for i, calendar in enumerate(template.calendars):
        if calendar.body not in calendars:
            continue
        try:
            days = calendar_dates(calendar, budget_year - 1)
        except RuleNotComputable as exc:
            report("uncomputable", calendar.line, f"calendars[{i}]", detail=exc.detail)
            continue
        for day in days:
            if (calendar.body, day) not in held:
                key = calendar_meeting_key(calendar.body, day)
                planned.append(
                    PlannedMeeting(
                        key, calendar.body, calendar.title, Shifted(day, day, Shift.NONE)
                    )
                )
    return planned, not_held


def calendar_meeting_key(body: str, day: dt.date) -> str:
    return f"{body}-{day.isoformat()}"


def _instances(
    template: CycleTemplate,
    ms: Milestone,
    rule: DeadlineRule,
    budget_year: int,
    meetings: list[PlannedMeeting],
    meeting_dates: dict[str, dt.date],
    deadlines: dict[str, dt.date],
    calendars: dict[str, BodyCalendar],
) -> list[PlannedMilestone]:
    """The milestone as planned deliverables: one, or one per meeting, month or body."""
    base = PlannedMilestone(
        ms.key,
        ms.title,
        ms.deliverable,
        ms.description,
        template.responsible_bodies(ms),
        ms.depends_on,
        rule,
        Shifted(dt.date.min, dt.date.min, Shift.NONE),
        ms.reminders or template.reminders,
        ms.opens_on_decision,
        ms.collects,
        ms.completed_by,
        template_key=ms.key,
        law=ms.law,
        period_months=ms.period_months,
    )
    series = ms.series
    if isinstance(series, EachMeetingOf):
        found = []
        for meeting in sorted(meetings, key=lambda m: m.date.date):
            if meeting.body != series.body or meeting.date.date.year != budget_year - 1:
                continue  # each calendar year's meetings belong to the cycle prepared in it
            if not isinstance(rule, OnMeeting | BeforeMeeting | AfterMeeting):
                raise RuleNotComputable("a series over meetings needs a rule on meeting 'each'")
            own_rule = replace(rule, meeting=meeting.key)
            nominal = rule_date(own_rule, budget_year, meeting_dates, deadlines)
            found.append(
                replace(
                    base,
                    key=f"{ms.key}@{meeting.key}",
                    title=f"{ms.title} ({meeting.date.date.isoformat()})",
                    rule=own_rule,
                    deadline=shift(nominal, ms.shift),
                    meeting=meeting.key,
                )
            )
        return found
    if isinstance(series, EachMonth) and isinstance(rule, AfterMonthEnd):
        found = []
        year = budget_year + series.year
        for month in series.months:
            period_end = last_day_of_month(year, month)
            nominal = _offset(period_end, rule.days, rule.business_days, 1)
            found.append(
                replace(
                    base,
                    key=f"{ms.key}@{year}-{month:02d}",
                    title=f"{ms.title} per {period_end.isoformat()}",
                    deadline=shift(nominal, ms.shift),
                    period_months=month,
                )
            )
        return found
    if isinstance(rule, LastOwnMeetingBefore):
        found = []
        for body in template.responsible_bodies(ms):
            day = last_own_meeting(calendars.get(body), rule, budget_year)
            found.append(
                replace(
                    base,
                    key=f"{ms.key}@{body}",
                    title=f"{ms.title} ({body})",
                    responsible=(body,),
                    deadline=Shifted(day, day, Shift.NONE),
                    meeting=calendar_meeting_key(body, day),
                )
            )
        return found
    nominal = rule_date(rule, budget_year, meeting_dates, deadlines)
    on: str | None = getattr(rule, "meeting", None)
    return [replace(base, deadline=shift(nominal, ms.shift), meeting=on)]


def last_day_of_month(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
