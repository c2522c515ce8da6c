"""A cycle template's deadline rules, read from YAML: `{fixed: "MM-DD"}`,
`{before_meeting: KEY, business_days: N}`, `{after_milestone: KEY, months: 1}` and the rest,
each problem located by file, line and field (arshjul.core.template holds the rules).
"""

from __future__ import annotations

from typing import Any

from arshjul.core.template import (
    AfterMeeting,
    AfterMilestone,
    AfterMonthEnd,
    BeforeMeeting,
    DeadlineRule,
    FixedDate,
    LastBusinessDay,
    LastOwnMeetingBefore,
    OnMeeting,
)
from arshjul.core.yaml_lines import LineMap, Reader, join

RULE_ANCHORS = (
    "fixed",
    "last_business_day_of",
    "on_meeting",
    "before_meeting",
    "after_meeting",
    "after_milestone",
    "after_month_end",
    "last_own_meeting_before",
)
OFFSET_UNITS = ("days", "business_days", "months")
OFFSET_LIMITS = {"days": 730, "business_days": 500, "months": 24}
YEAR_OFFSET_RANGE = (-2, 2)

Offset = tuple[int | None, int | None, int | None]  # days, business days, months


def year_offset(r: Reader, m: LineMap, path: str) -> int:
    low, high = YEAR_OFFSET_RANGE
    return r.integer(m, "year", path, default=0, low=low, high=high) or 0


def month_day(value: Any) -> tuple[int, int] | None:
    """'02-28' as (2, 28); None for anything else."""
    if not isinstance(value, str):
        return None
    parts = value.strip().split("-")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 2 for p in parts):
        return None
    month, day = int(parts[0]), int(parts[1])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return month, day


def _offset(r: Reader, m: LineMap, path: str) -> Offset | None:
    """Exactly one of `days`, `business_days` and `months`."""
    given = [unit for unit in OFFSET_UNITS if unit in m]
    if len(given) != 1:
        r.report("bad_rule", m.line, path, expected="exactly one of days, business_days, months")
        return None
    unit = given[0]
    value = r.integer(m, unit, path, low=0, high=OFFSET_LIMITS[unit])
    if value is None:
        return None
    days, bdays, months = (value if u == unit else None for u in OFFSET_UNITS)
    return days, bdays, months


def _dated(r: Reader, m: LineMap, anchor: str, path: str) -> DeadlineRule | None:
    """`fixed: "MM-DD"` or `last_own_meeting_before: "MM-DD"`, with an optional year."""
    r.check_keys(m, path, (anchor, "year"))
    parsed = month_day(m[anchor])
    if parsed is None:
        r.report(
            "bad_value",
            r.line(m, anchor),
            join(path, anchor),
            value=m[anchor],
            expected='a month and day as "MM-DD", e.g. "02-28"',
        )
        return None
    kind = FixedDate if anchor == "fixed" else LastOwnMeetingBefore
    return kind(parsed[0], parsed[1], year_offset(r, m, path))


def deadline_rule(r: Reader, value: Any, line: int, path: str) -> DeadlineRule | None:
    """One deadline rule: exactly one anchor and what it needs."""
    m = r.mapping(value, line, path)
    if m is None:
        return None
    anchors = [a for a in RULE_ANCHORS if a in m]
    if len(anchors) != 1:
        r.report("bad_rule", m.line, path, expected=list(RULE_ANCHORS), found=anchors)
        return None
    anchor = anchors[0]
    if anchor in ("fixed", "last_own_meeting_before"):
        return _dated(r, m, anchor, path)
    if anchor == "after_month_end":
        r.check_keys(m, path, (anchor, *OFFSET_UNITS))
        if m[anchor] is not True:
            r.report(
                "bad_value", r.line(m, anchor), join(path, anchor), value=m[anchor], expected="true"
            )
            return None
        month_offset = _offset(r, m, path)
        return None if month_offset is None else AfterMonthEnd(*month_offset)
    if anchor == "last_business_day_of":
        r.check_keys(m, path, (anchor, "year"))
        month = r.integer(m, anchor, path, required=True, low=1, high=12)
        return None if month is None else LastBusinessDay(month, year_offset(r, m, path))
    target = r.text(m, anchor, path)
    if target is None:
        return None
    if anchor == "on_meeting":
        r.check_keys(m, path, (anchor,))
        return OnMeeting(target)
    r.check_keys(m, path, (anchor, *OFFSET_UNITS))
    offset = _offset(r, m, path)
    if offset is None:
        return None
    if anchor == "before_meeting":
        return BeforeMeeting(target, *offset)
    if anchor == "after_meeting":
        return AfterMeeting(target, *offset)
    return AfterMilestone(target, *offset)
