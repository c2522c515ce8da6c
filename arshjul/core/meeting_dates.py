"""A body's sammanträdesplan for one year, as a coordinator pastes it, and the template
text with it written into `calendars:`. Pure: text in, dates or text out, every problem
with its line.

Dates are one per line or comma-separated, in ISO form (2027-02-15) or Swedish
(15 februari 2027, 15 feb 2027, 15/2 2027, 15.2.2027; without a year, the year given).
A meeting on a Sunday or a public holiday is most likely a typing error: a warning with
the day's name, not a refusal (extra meetings are held on odd days).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from arshjul.core.calendar import day_off

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan"),
            ("februari", "feb"),
            ("mars", "mar"),
            ("april", "apr"),
            ("maj",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augusti", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-zåäö]+)\.?(?:\s+(\d{4}))?$")
_NUMBERS = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[ .](\d{4}))?$")
_WEEKDAY = re.compile(
    r"^(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|mån|tis|ons|tors|tor|fre|lör|sön)"
    r"\.?\s+"
)
_CALENDARS = re.compile(r"^calendars:\s*(#.*)?$")
MAX_DATES = 60  # a body meeting more than weekly is a paste gone wrong


@dataclass(frozen=True, slots=True)
class DateProblem:
    """One line's problem: `code` is a text key; a warning does not stop the dates."""

    line: int
    text: str
    code: str
    warning: bool = False
    day: str = ""  # the day's name, for a warning about a Sunday or a holiday


def _one(text: str, year: int) -> dt.date | None:
    cleaned = _WEEKDAY.sub("", text.strip().lower())
    found = _ISO.match(cleaned)
    if found:
        parts = (int(found[1]), int(found[2]), int(found[3]))
    elif found := _WORDS.match(cleaned):
        month = MONTHS.get(found[2])
        if month is None:
            return None
        parts = (int(found[3]) if found[3] else year, month, int(found[1]))
    elif found := _NUMBERS.match(cleaned):
        parts = (int(found[3]) if found[3] else year, int(found[2]), int(found[1]))
    else:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def parse_meeting_dates(text: str, year: int) -> tuple[list[dt.date], list[DateProblem]]:
    """The dates of `text` for calendar year `year`, ascending, and each line's problem:
    not a date, not in `year`, given twice (errors), or a Sunday or holiday (a warning)."""
    dates: list[dt.date] = []
    problems: list[DateProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for item in (part.strip() for part in re.split(r"[,;]", line)):
            if not item:
                continue
            day = _one(item, year)
            if day is None:
                problems.append(DateProblem(number, item, "meeting_not_a_date"))
            elif day.year != year:
                problems.append(DateProblem(number, item, "meeting_wrong_year"))
            elif day in dates:
                problems.append(DateProblem(number, item, "meeting_twice"))
            else:
                dates.append(day)
                off = day_off(day)
                if off is not None and off.name_sv != "lördag":  # a Sunday or a holiday
                    problems.append(DateProblem(number, item, "meeting_day_off", True, off.name_sv))
    if not dates and not problems:
        problems.append(DateProblem(0, "", "meeting_no_dates"))
    if len(dates) > MAX_DATES:
        problems.append(DateProblem(0, "", "meeting_too_many"))
    return sorted(dates), problems


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _significant(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """The index after the block that starts at `start` and holds lines indented deeper
    than `indent` (blank lines and comments inside it belong to it)."""
    end = start + 1
    while end < len(lines) and (not _significant(lines[end]) or _indent(lines[end]) > indent):
        end += 1
    while end > start + 1 and not _significant(lines[end - 1]):
        end -= 1  # trailing blank lines and comments stay after the block
    return end


def _dates_lines(dates: dict[int, tuple[dt.date, ...]], indent: int) -> list[str]:
    pad = " " * indent
    found = [f"{pad}dates:"]
    for year in sorted(dates):
        days = ", ".join(d.isoformat() for d in dates[year])
        found.append(f"{pad}  {year}: [{days}]")
    return found


@dataclass(frozen=True, slots=True)
class CalendarAt:
    """Where the body's calendar entry starts (1-based line, from the parser), the years
    of dates it already lists, and whether it also serves other bodies."""

    line: int | None
    dates: dict[int, tuple[dt.date, ...]]
    shared: bool = False


def with_calendar_dates(
    text: str, *, body: str, title: str, year: int, dates: list[dt.date], at: CalendarAt
) -> str | None:
    """`text` with the body's `calendars:` dates for `year` set to `dates` (other years
    kept, its rules and comments elsewhere untouched); a new calendar entry when the body
    has none. None when the entry cannot be edited as text: written on one line (flow
    style) or shared with other bodies."""
    lines = text.splitlines()
    every = {**at.dates, year: tuple(dates)}
    if at.line is None:
        return _append_calendar(lines, body, title, every)
    if at.shared:
        return None
    start = at.line - 1
    item = lines[start]
    if "{" in item.split("#")[0]:
        return None
    dashed = item.lstrip().startswith("- ")
    dash_indent = _indent(item) if dashed else _indent(item) - 2
    key_indent = dash_indent + 2
    end = _block_end(lines, start, dash_indent)
    for i in range(start + 1, end):
        if _indent(lines[i]) == key_indent and lines[i].strip().startswith("dates:"):
            dates_end = _block_end(lines, i, key_indent)
            new = lines[:i] + _dates_lines(every, key_indent) + lines[dates_end:]
            return "\n".join(new) + "\n"
    new = lines[:end] + _dates_lines(every, key_indent) + lines[end:]
    return "\n".join(new) + "\n"


def _append_calendar(
    lines: list[str], body: str, title: str, dates: dict[int, tuple[dt.date, ...]]
) -> str:
    entry = [f"  - body: {body}", f'    title: "{title}"', *_dates_lines(dates, 4)]
    top = next((i for i, line in enumerate(lines) if _CALENDARS.match(line)), None)
    if top is None:
        return "\n".join([*lines, "", "calendars:", *entry]) + "\n"
    end = _block_end(lines, top, 0)
    return "\n".join(lines[:end] + entry + lines[end:]) + "\n"
