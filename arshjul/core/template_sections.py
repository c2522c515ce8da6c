"""The sections of a cycle template, each read from its YAML mapping into the template's
plain data (arshjul.core.template): municipality, vision, bodies, meetings, milestones with
their deadline rules and reminder schedules, cycle settings and the goal limit.

Structural problems (missing fields, wrong types, unknown keys) are reported here with
their line; references between the parts are checked in arshjul.core.template_references.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from arshjul.core.addresses import is_single_address
from arshjul.core.calendar import Shift
from arshjul.core.goals import DEFAULT_MAX_GOALS
from arshjul.core.phases import Phase
from arshjul.core.reminders import ReminderSchedule
from arshjul.core.template import (
    EVERY_BOLAG,
    EVERY_NAMND,
    AfterMeeting,
    AfterMilestone,
    AfterMonthEnd,
    BeforeMeeting,
    Body,
    BodyKind,
    CalendarMeeting,
    Collects,
    CompletedBy,
    Contact,
    CycleTemplate,
    DeadlineRule,
    FixedDate,
    LastBusinessDay,
    LastOwnMeetingBefore,
    LawTag,
    Meeting,
    Milestone,
    Municipality,
    NthWeekday,
    OnMeeting,
    Role,
    Vision,
    VisionArea,
    YearDate,
)
from arshjul.core.template_calendars import APPLIES_KEYS, applies, series
from arshjul.core.yaml_lines import LineList, LineMap, Reader, join, kind_of

WEEKDAYS = {
    **{n: i for i, n in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday"))},
    **{n: i for i, n in enumerate(("måndag", "tisdag", "onsdag", "torsdag", "fredag"))},
}
EVERY_NAMND_ALIASES = {EVERY_NAMND, "every namnd", "varje nämnd", "alla nämnder"}
EVERY_BOLAG_ALIASES = {EVERY_BOLAG, "varje bolag", "alla bolag"}
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
YEAR_OFFSET_RANGE = (-2, 2)


def _year(r: Reader, m: LineMap, path: str) -> int:
    low, high = YEAR_OFFSET_RANGE
    return r.integer(m, "year", path, default=0, low=low, high=high) or 0


def _year_date(r: Reader, value: Any, line: int, path: str) -> YearDate | None:
    m = r.mapping(value, line, path)
    if m is None:
        return None
    r.check_keys(m, path, ("month", "day", "year"))
    month = r.integer(m, "month", path, required=True, low=1, high=12)
    day = r.integer(m, "day", path, required=True, low=1, high=31)
    year = _year(r, m, path)
    if month is None or day is None:
        return None
    return YearDate(month, day, year)


def meeting_when(
    r: Reader, value: Any, line: int, path: str
) -> YearDate | NthWeekday | CalendarMeeting | None:
    m = r.mapping(value, line, path)
    if m is None:
        return None
    if "day" in m:
        return _year_date(r, m, line, path)
    if "calendar_month" in m:
        r.check_keys(m, path, ("calendar_month", "nth", "year"))
        month = r.integer(m, "calendar_month", path, required=True, low=1, high=12)
        nth = r.integer(m, "nth", path, default=1, low=-5, high=5)
        if nth == 0:
            r.report("out_of_range", r.line(m, "nth"), join(path, "nth"), value=0, low=-5, high=5)
            return None
        if month is None or nth is None:
            return None
        return CalendarMeeting(month, nth, _year(r, m, path))
    r.check_keys(m, path, ("month", "weekday", "nth", "year", "day"))
    month = r.integer(m, "month", path, required=True, low=1, high=12)
    weekday = r.choice(m, "weekday", path, WEEKDAYS)
    nth = r.integer(m, "nth", path, required=True, low=-5, high=5)
    if nth == 0:
        r.report("out_of_range", r.line(m, "nth"), join(path, "nth"), value=0, low=-5, high=5)
        return None
    year = _year(r, m, path)
    if month is None or weekday is None or nth is None:
        return None
    return NthWeekday(month, weekday, nth, year)


def municipality(r: Reader, root: LineMap) -> Municipality | None:
    m = r.mapping(root.get("municipality"), r.line(root, "municipality"), "municipality")
    if m is None:
        return None
    r.check_keys(m, "municipality", ("code", "name"))
    code = r.text(m, "code", "municipality")
    name = r.text(m, "name", "municipality")
    if code is not None and not (len(code) == 4 and code.isdigit()):
        r.report(
            "bad_value",
            r.line(m, "code"),
            "municipality.code",
            value=code,
            expected="kommunkod: four digits, e.g. 2262",
        )
        return None
    if code is None or name is None:
        return None
    return Municipality(code, name)


def vision(r: Reader, root: LineMap) -> Vision:
    m = r.mapping(root.get("vision"), r.line(root, "vision"), "vision")
    if m is None:
        return Vision("", None, ())
    r.check_keys(m, "vision", ("name", "year", "areas", "areas_are_examples"))
    areas: list[VisionArea] = []
    for item, line, path in r.items(m, "areas", "vision"):
        a = r.mapping(item, line, path)
        if a is None:
            continue
        r.check_keys(a, path, ("key", "name"))
        key, name = r.text(a, "key", path), r.text(a, "name", path)
        if key and name:
            areas.append(VisionArea(key, name))
    examples = m.get("areas_are_examples", False)
    if not isinstance(examples, bool):
        r.report(
            "wrong_type",
            r.line(m, "areas_are_examples"),
            "vision.areas_are_examples",
            expected="boolean",
            got=kind_of(examples),
        )
        examples = False
    return Vision(
        r.text(m, "name", "vision") or "",
        r.integer(m, "year", "vision", low=1900, high=2200),
        tuple(areas),
        examples,
    )


def bodies(r: Reader, root: LineMap) -> list[Body]:
    bodies: list[Body] = []
    kinds = {k.value: k for k in BodyKind}
    roles = {k.value: k for k in Role}
    for item, line, path in r.items(root, "bodies", ""):
        b = r.mapping(item, line, path)
        if b is None:
            continue
        r.check_keys(b, path, ("key", "name", "kind", "contacts", "part_of", "forvaltning"))
        key, name = r.text(b, "key", path), r.text(b, "name", path)
        kind = r.choice(b, "kind", path, kinds)
        part_of = r.text(b, "part_of", path, default="") or None
        if kind is BodyKind.UTSKOTT and part_of is None:
            r.report(
                "missing_field",
                b.line,
                join(path, "part_of"),
                expected="the key of the body the utskott belongs to, e.g. KS",
            )
        forvaltning = b.get("forvaltning", True)
        if not isinstance(forvaltning, bool):
            r.report(
                "wrong_type",
                r.line(b, "forvaltning"),
                join(path, "forvaltning"),
                expected="boolean",
                got=kind_of(forvaltning),
            )
            forvaltning = True
        contacts: list[Contact] = []
        for c_item, c_line, c_path in r.items(b, "contacts", path, required=False):
            c = r.mapping(c_item, c_line, c_path)
            if c is None:
                continue
            r.check_keys(c, c_path, ("role", "name", "email"))
            role = r.choice(c, "role", c_path, roles)
            c_name, email = r.text(c, "name", c_path), r.text(c, "email", c_path)
            if email is not None and not is_single_address(email):
                r.report(
                    "bad_value",
                    r.line(c, "email"),
                    join(c_path, "email"),
                    value=email,
                    expected="exactly one e-mail address, name@domain.se, "
                    "without a name, spaces or commas",
                )
                email = None
            if role and c_name and email:
                contacts.append(Contact(role, c_name, email, c_line))
        if key and name and kind:
            bodies.append(Body(key, name, kind, tuple(contacts), line, part_of, forvaltning))
    return bodies


def _shift(r: Reader, m: LineMap, path: str, default: Shift) -> Shift:
    chosen: Shift = r.choice(m, "shift", path, {s.value: s for s in Shift}, default=default)
    return chosen


def _overrides(r: Reader, o: LineMap, path: str) -> dict[int, object]:
    """`overrides: {2027: 2026-06-15}`: a budget year's real meeting date."""
    overrides: dict[int, object] = {}
    for year, day in o.items():
        if not isinstance(year, int) or not isinstance(day, dt.date):
            r.report(
                "bad_value",
                o.key_lines[year],
                join(path, f"overrides.{year}"),
                value=f"{year}: {day}",
                expected="budget year: YYYY-MM-DD",
            )
            continue
        overrides[year] = day
    return overrides


def meetings(r: Reader, root: LineMap) -> list[Meeting]:
    meetings: list[Meeting] = []
    for item, line, path in r.items(root, "meetings", "", required=False):
        m = r.mapping(item, line, path)
        if m is None:
            continue
        r.check_keys(m, path, ("key", "body", "title", "date", "overrides", "shift", *APPLIES_KEYS))
        key, body = r.text(m, "key", path), r.text(m, "body", path)
        title = r.text(m, "title", path)
        when = None
        if "date" in m:
            when = meeting_when(r, m["date"], r.line(m, "date"), join(path, "date"))
        else:
            r.report("missing_field", m.line, join(path, "date"), expected="mapping")
        overrides: dict[int, object] = {}
        if "overrides" in m:
            o = r.mapping(m["overrides"], r.line(m, "overrides"), join(path, "overrides"))
            overrides = _overrides(r, o, path) if o is not None else {}
        shift = _shift(r, m, path, Shift.NEXT)
        in_years = applies(r, m, path)
        if key and body and title and when:
            meetings.append(
                Meeting(key, body, title, when, overrides, shift, in_years, line, dict(m.key_lines))
            )
    return meetings


def _offset(r: Reader, m: LineMap, path: str) -> tuple[int | None, int | None] | None:
    has_days, has_bdays = "days" in m, "business_days" in m
    if has_days == has_bdays:
        r.report("bad_rule", m.line, path, expected="exactly one of days, business_days")
        return None
    days = r.integer(m, "days", path, low=0, high=730)
    bdays = r.integer(m, "business_days", path, low=0, high=500)
    if days is None and bdays is None:
        return None
    return days, bdays


def _deadline(r: Reader, value: Any, line: int, path: str) -> DeadlineRule | None:
    m = r.mapping(value, line, path)
    if m is None:
        return None
    anchors = [a for a in RULE_ANCHORS if a in m]
    if len(anchors) != 1:
        r.report("bad_rule", m.line, path, expected=list(RULE_ANCHORS), found=anchors)
        return None
    anchor = anchors[0]
    anchor_path = join(path, anchor)
    if anchor == "fixed":
        r.check_keys(m, path, ("fixed", "year"))
        text = m["fixed"]
        parsed = _month_day(text)
        if parsed is None:
            r.report(
                "bad_value",
                r.line(m, "fixed"),
                anchor_path,
                value=text,
                expected='a month and day as "MM-DD", e.g. "02-28"',
            )
            return None
        return FixedDate(parsed[0], parsed[1], _year(r, m, path))
    if anchor == "last_own_meeting_before":
        r.check_keys(m, path, (anchor, "year"))
        parsed = _month_day(m[anchor])
        if parsed is None:
            r.report(
                "bad_value",
                r.line(m, anchor),
                anchor_path,
                value=m[anchor],
                expected='a month and day as "MM-DD", e.g. "11-30"',
            )
            return None
        return LastOwnMeetingBefore(parsed[0], parsed[1], _year(r, m, path))
    if anchor == "after_month_end":
        r.check_keys(m, path, (anchor, "days", "business_days"))
        if m[anchor] is not True:
            r.report("bad_value", r.line(m, anchor), anchor_path, value=m[anchor], expected="true")
            return None
        month_offset = _offset(r, m, path)
        return None if month_offset is None else AfterMonthEnd(*month_offset)
    if anchor == "last_business_day_of":
        r.check_keys(m, path, ("last_business_day_of", "year"))
        month = r.integer(m, anchor, path, required=True, low=1, high=12)
        return None if month is None else LastBusinessDay(month, _year(r, m, path))
    target = r.text(m, anchor, path)
    if target is None:
        return None
    if anchor == "on_meeting":
        r.check_keys(m, path, (anchor,))
        return OnMeeting(target)
    r.check_keys(m, path, (anchor, "days", "business_days"))
    offset = _offset(r, m, path)
    if offset is None:
        return None
    days, business_days = offset
    if anchor == "before_meeting":
        return BeforeMeeting(target, days, business_days)
    if anchor == "after_meeting":
        return AfterMeeting(target, days, business_days)
    return AfterMilestone(target, days, business_days)


def _month_day(value: Any) -> tuple[int, int] | None:
    if not isinstance(value, str):
        return None
    parts = value.strip().split("-")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 2 for p in parts):
        return None
    month, day = int(parts[0]), int(parts[1])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return month, day


def _int_list(
    r: Reader, m: LineMap, key: str, path: str, default: tuple[int, ...]
) -> tuple[int, ...]:
    if key not in m:
        return default
    found: list[int] = []
    for item, line, item_path in r.items(m, key, path):
        if isinstance(item, int) and not isinstance(item, bool) and 0 < item <= 366:
            found.append(item)
        else:
            r.report("bad_value", line, item_path, value=item, expected="days: 1..366")
    return tuple(found)


def reminder_schedule(
    r: Reader, value: Any, line: int, path: str, base: ReminderSchedule
) -> ReminderSchedule:
    """A reminder schedule; keys left out keep `base`'s values."""
    m = r.mapping(value, line, path)
    if m is None:
        return base
    r.check_keys(
        m,
        path,
        (
            "days_before",
            "business_days_before",
            "on_the_day",
            "overdue_after_business_days",
            "overdue_every_days",
        ),
    )
    on_the_day = m.get("on_the_day", base.on_the_day)
    if not isinstance(on_the_day, bool):
        r.report(
            "wrong_type",
            r.line(m, "on_the_day"),
            join(path, "on_the_day"),
            expected="boolean",
            got=kind_of(on_the_day),
        )
        on_the_day = base.on_the_day
    return ReminderSchedule(
        _int_list(r, m, "days_before", path, base.days_before),
        _int_list(r, m, "business_days_before", path, base.business_days_before),
        on_the_day,
        r.integer(
            m,
            "overdue_after_business_days",
            path,
            default=base.overdue_after_business_days,
            low=0,
            high=60,
        )
        or 0,
        r.integer(m, "overdue_every_days", path, default=base.overdue_every_days, low=0, high=90)
        or 0,
    )


def milestones(r: Reader, root: LineMap, reminders: ReminderSchedule) -> list[Milestone]:
    milestones: list[Milestone] = []
    allowed = (
        "key",
        "title",
        "deliverable",
        "responsible",
        "deadline",
        "depends_on",
        "shift",
        "description",
        "reminders",
        "law",
        "period_months",
        "deadline_in_election_year",
        "opens_on_decision",
        "collects",
        "completed_by",
        "for_each",
        "phase",
        *APPLIES_KEYS,
    )
    for item, line, path in r.items(root, "milestones", ""):
        m = r.mapping(item, line, path)
        if m is None:
            continue
        r.check_keys(m, path, allowed)
        key, title = r.text(m, "key", path), r.text(m, "title", path)
        deliverable = r.text(m, "deliverable", path)
        responsible = r.keys(m, "responsible", path)
        if "responsible" not in m:
            r.report(
                "missing_field",
                m.line,
                join(path, "responsible"),
                expected=f"a body key, a list of them, '{EVERY_NAMND}' or '{EVERY_BOLAG}'",
            )
        elif not responsible:
            r.report(
                "wrong_type",
                r.line(m, "responsible"),
                join(path, "responsible"),
                expected=f"a body key, a list of them, '{EVERY_NAMND}' or '{EVERY_BOLAG}'",
                got="nothing",
            )
        if any(key.lower() in EVERY_NAMND_ALIASES for key in responsible):
            responsible = (EVERY_NAMND,)
        elif any(key.lower() in EVERY_BOLAG_ALIASES for key in responsible):
            responsible = (EVERY_BOLAG,)
        deadline = None
        if "deadline" in m:
            deadline = _deadline(r, m["deadline"], r.line(m, "deadline"), join(path, "deadline"))
        else:
            r.report("missing_field", m.line, join(path, "deadline"), expected=list(RULE_ANCHORS))
        depends_on = r.keys(m, "depends_on", path)
        shift = _shift(r, m, path, Shift.PREVIOUS)
        description = r.text(m, "description", path, default="", multiline=True) or ""
        law = r.choice(m, "law", path, {t.value: t.value for t in LawTag}, default="")
        period_months = r.integer(m, "period_months", path, low=1, high=12)
        election_rule = None
        if "deadline_in_election_year" in m:
            election_rule = _deadline(
                r,
                m["deadline_in_election_year"],
                r.line(m, "deadline_in_election_year"),
                join(path, "deadline_in_election_year"),
            )
        opens_on_decision = r.text(m, "opens_on_decision", path, default="") or None
        collects = r.choice(m, "collects", path, {c.value: c.value for c in Collects}, default="")
        completed_by = r.choice(
            m, "completed_by", path, {c.value: c for c in CompletedBy}, default=CompletedBy.HAND_IN
        )
        in_years = applies(r, m, path)
        for_each = series(r, m, path) if "for_each" in m else None
        phase = r.choice(m, "phase", path, {p.value: p.value for p in Phase}, default="")
        own_reminders = None
        if "reminders" in m:
            own_reminders = reminder_schedule(
                r, m["reminders"], r.line(m, "reminders"), join(path, "reminders"), reminders
            )
        if key and title and deliverable and responsible and deadline:
            lines = dict(m.key_lines)
            for rule_field in ("deadline", "deadline_in_election_year"):
                if isinstance(m.get(rule_field), LineMap):
                    lines.update(
                        {f"{rule_field}.{k}": v for k, v in m[rule_field].key_lines.items()}
                    )
            if isinstance(m.get("depends_on"), LineList):
                lines.update(
                    {f"depends_on[{i}]": v for i, v in enumerate(m["depends_on"].item_lines)}
                )
            milestones.append(
                Milestone(
                    key,
                    title,
                    deliverable,
                    responsible,
                    deadline,
                    depends_on,
                    shift,
                    description,
                    own_reminders,
                    law or None,
                    period_months,
                    election_rule,
                    opens_on_decision,
                    collects or None,
                    completed_by,
                    in_years,
                    for_each,
                    phase or None,
                    line=line,
                    lines=lines,
                )
            )
    return milestones


def cycle_settings(r: Reader, root: LineMap) -> tuple[YearDate, YearDate, int]:
    defaults = CycleTemplate.__dataclass_fields__
    start: YearDate = defaults["window_start"].default  # type: ignore[assignment]
    end: YearDate = defaults["window_end"].default  # type: ignore[assignment]
    due_soon: int = defaults["due_soon_days"].default  # type: ignore[assignment]
    if "cycle" not in root:
        return start, end, due_soon
    m = r.mapping(root["cycle"], r.line(root, "cycle"), "cycle")
    if m is None:
        return start, end, due_soon
    r.check_keys(m, "cycle", ("starts", "ends", "due_soon_days"))
    if "starts" in m:
        start = _year_date(r, m["starts"], r.line(m, "starts"), "cycle.starts") or start
    if "ends" in m:
        end = _year_date(r, m["ends"], r.line(m, "ends"), "cycle.ends") or end
    due_soon = r.integer(m, "due_soon_days", "cycle", default=due_soon, low=0, high=90) or 0
    return start, end, due_soon


def max_goals(r: Reader, root: LineMap) -> int:
    """`goals: {max_per_namnd: 5}`: how many Agenda 2030 goals a nämnd may choose."""
    m = r.mapping(root["goals"], r.line(root, "goals"), "goals")
    if m is None:
        return DEFAULT_MAX_GOALS
    r.check_keys(m, "goals", ("max_per_namnd",))
    return r.integer(m, "max_per_namnd", "goals", default=DEFAULT_MAX_GOALS, low=1, high=17) or 1
