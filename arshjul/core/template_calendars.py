"""The parts of a cycle template that say *when* something exists rather than when it is
due: the bodies' sammanträdesplaner (`calendars:`), which budget years a meeting or
milestone belongs to (`years:`, `if_election_year:`, `unless_election_year:`) and series
(`for_each:`). Read from YAML into arshjul.core.template's data, each problem located.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from arshjul.core.template import (
    Applies,
    BodyCalendar,
    EachMeetingOf,
    EachMonth,
    NthWeekday,
    Series,
    YearDate,
)
from arshjul.core.yaml_lines import LineList, LineMap, Reader, join, kind_of

APPLIES_KEYS = ("years", "if_election_year", "unless_election_year")
YEARS = (1900, 2200)
ELECTION_OFFSETS = (-4, 4)


def applies(r: Reader, m: LineMap, path: str) -> Applies:
    """`years: [2020]` or `years: {from: 2020, until: 2025}` (budget years), and the
    election conditions, each an offset from the budget year."""
    years: tuple[int, ...] = ()
    from_year = until_year = None
    low, high = YEARS
    if "years" in m:
        value = m["years"]
        if isinstance(value, LineMap):
            r.check_keys(value, join(path, "years"), ("from", "until"))
            from_year = r.integer(value, "from", join(path, "years"), low=low, high=high)
            until_year = r.integer(value, "until", join(path, "years"), low=low, high=high)
            if from_year is None and until_year is None:
                r.report(
                    "missing_field", value.line, join(path, "years"), expected=["from", "until"]
                )
        else:
            found = []
            for item, line, item_path in r.items(m, "years", path):
                if isinstance(item, int) and not isinstance(item, bool) and low <= item <= high:
                    found.append(item)
                else:
                    r.report("bad_value", line, item_path, value=item, expected="a budget year")
            years = tuple(found)
    e_low, e_high = ELECTION_OFFSETS
    return Applies(
        years,
        from_year,
        until_year,
        r.integer(m, "if_election_year", path, low=e_low, high=e_high),
        r.integer(m, "unless_election_year", path, low=e_low, high=e_high),
    )


def calendars(
    r: Reader,
    root: LineMap,
    meeting_when: Any,
) -> list[BodyCalendar]:
    """`calendars: [{body: KF, title: ..., dates: {2021: [2021-02-04, ...]}, every_year:
    [{month: 2, weekday: monday, nth: 2}, ...]}]`; `body` may list several bodies."""
    found: list[BodyCalendar] = []
    for item, line, path in r.items(root, "calendars", "", required=False):
        m = r.mapping(item, line, path)
        if m is None:
            continue
        r.check_keys(m, path, ("body", "title", "dates", "every_year", *APPLIES_KEYS))
        # `body: [BUN, VON]` gives bodies that meet on the same days one calendar each
        bodies = r.keys(m, "body", path)
        if not bodies:
            r.report("missing_field", m.line, join(path, "body"), expected="a body key or a list")
        title = r.text(m, "title", path)
        dates: dict[int, tuple[object, ...]] = {}
        if "dates" in m:
            d = r.mapping(m["dates"], r.line(m, "dates"), join(path, "dates"))
            for year, days in (d or {}).items():
                dates_path = join(path, f"dates.{year}")
                year_line = d.key_lines.get(year, d.line) if d is not None else line
                if not isinstance(year, int) or not YEARS[0] <= year <= YEARS[1]:
                    r.report("bad_value", year_line, dates_path, value=year, expected="a year")
                    continue
                listed = _year_dates(r, days, year, year_line, dates_path)
                if listed is not None:
                    dates[year] = listed
        rules: list[NthWeekday | YearDate] = []
        for rule_item, rule_line, rule_path in r.items(m, "every_year", path, required=False):
            when = meeting_when(r, rule_item, rule_line, rule_path)
            if isinstance(when, NthWeekday | YearDate):
                if when.year != 0:
                    r.report(
                        "bad_value",
                        rule_line,
                        join(rule_path, "year"),
                        value=when.year,
                        expected="no year: every_year dates fall in the calendar year itself",
                    )
                    continue
                rules.append(when)
        if not dates and not rules and "dates" not in m and "every_year" not in m:
            r.report("missing_field", m.line, join(path, "dates"), expected="dates or every_year")
        in_years = applies(r, m, path)
        if title:
            found.extend(
                BodyCalendar(body, title, dates, tuple(rules), in_years, line) for body in bodies
            )
    return found


MAX_DATES_A_YEAR = 60  # a body meets ten to twenty times a year


def _year_dates(
    r: Reader, value: Any, year: int, line: int, path: str
) -> tuple[object, ...] | None:
    if not isinstance(value, LineList):
        r.report("wrong_type", line, path, expected="list of dates", got=kind_of(value))
        return None
    if len(value) > MAX_DATES_A_YEAR:
        r.report("too_many", line, path, count=len(value), limit=MAX_DATES_A_YEAR)
        return None
    days: list[dt.date] = []
    for index, (day, day_line) in enumerate(zip(value, value.item_lines, strict=True)):
        item_path = f"{path}[{index}]"
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            r.report("bad_value", day_line, item_path, value=day, expected="YYYY-MM-DD")
        elif day.year != year:
            r.report("bad_value", day_line, item_path, value=str(day), expected=f"a date in {year}")
        elif days and day <= days[-1]:
            r.report(
                "bad_value",
                day_line,
                item_path,
                value=str(day),
                expected=f"a date after {days[-1].isoformat()}: list the dates in order, once",
            )
        else:
            days.append(day)
    return tuple(days)


def series(r: Reader, m: LineMap, path: str) -> Series | None:
    """`for_each: {meeting_of: KF}` or `for_each: {month: [4, 8], year: 0}`."""
    s = r.mapping(m["for_each"], r.line(m, "for_each"), join(path, "for_each"))
    if s is None:
        return None
    s_path = join(path, "for_each")
    if ("meeting_of" in s) == ("month" in s):
        r.report("bad_rule", s.line, s_path, expected=["meeting_of", "month"], found=sorted(s))
        return None
    if "meeting_of" in s:
        r.check_keys(s, s_path, ("meeting_of",))
        body = r.text(s, "meeting_of", s_path)
        return EachMeetingOf(body) if body else None
    r.check_keys(s, s_path, ("month", "year"))
    months: list[int] = []
    raw = s["month"]
    listed = (
        [(raw, r.line(s, "month"), join(s_path, "month"))]
        if isinstance(raw, int) and not isinstance(raw, bool)
        else list(r.items(s, "month", s_path))
    )
    for item, line, item_path in listed:
        if isinstance(item, int) and not isinstance(item, bool) and 1 <= item <= 12:
            if item not in months:
                months.append(item)
        else:
            r.report("bad_value", line, item_path, value=item, expected="a month, 1..12")
    year = r.integer(s, "year", s_path, default=0, low=-2, high=2) or 0
    return EachMonth(tuple(sorted(months)), year) if months else None
