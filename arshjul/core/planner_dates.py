"""The dates a template's rules give for a budget year: meetings from their rule, override
or sammanträdesplan, and deadlines counted from a date, a meeting or another milestone.
Pure; arshjul.core.planner puts them together into a plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from arshjul.core.calendar import (
    Shift,
    Shifted,
    add_business_days,
    add_months,
    last_business_day_of_month,
    nth_weekday_of_month,
    shift,
)
from arshjul.core.template import (
    AfterMeeting,
    AfterMilestone,
    AfterMonthEnd,
    BeforeMeeting,
    BodyCalendar,
    CalendarMeeting,
    DeadlineRule,
    FixedDate,
    LastBusinessDay,
    LastOwnMeetingBefore,
    Meeting,
    NthWeekday,
    OnMeeting,
    YearDate,
)


class RuleNotComputable(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Span:
    """The days a meeting is held: one, or several in a row (a two-day budget meeting)."""

    first: dt.date
    last: dt.date


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
    """A meeting's (first) date for a budget year: an override if given, else its rule,
    shifted."""
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


Counted = BeforeMeeting | AfterMeeting | AfterMilestone | AfterMonthEnd


def offset(day: dt.date, rule: Counted, sign: int) -> dt.date:
    """`day` moved by the rule's days, business days or months, forwards (sign 1) or back."""
    if rule.business_days is not None:
        return add_business_days(day, sign * rule.business_days)
    if rule.months is not None:
        return add_months(day, sign * rule.months)
    return day + dt.timedelta(days=sign * (rule.days or 0))


def rule_date(
    rule: DeadlineRule,
    budget_year: int,
    meetings: dict[str, Span],
    milestones: dict[str, dt.date],
) -> dt.date:
    """The nominal (unshifted) date a rule gives; anchors must already be computed. A
    meeting over several days is counted from its first day before it and from its last
    day after it; a decision on it falls on its last day, when the meeting ends."""
    match rule:
        case FixedDate():
            return year_date(rule, budget_year)
        case LastBusinessDay(month=month, year=year):
            return last_business_day_of_month(budget_year + year, month)
        case OnMeeting(meeting=key):
            return meetings[key].last
        case BeforeMeeting(meeting=key):
            return offset(meetings[key].first, rule, -1)
        case AfterMeeting(meeting=key):
            return offset(meetings[key].last, rule, 1)
        case AfterMilestone(milestone=key):
            return offset(milestones[key], rule, 1)
        case AfterMonthEnd() | LastOwnMeetingBefore():
            raise RuleNotComputable("a series rule outside its series")
    raise RuleNotComputable(f"unknown rule {rule!r}")
