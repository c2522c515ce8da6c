"""The sections of a cycle template, each read from its YAML mapping into the template's
plain data (arshjul.core.template): municipality, vision, bodies, meetings, reminder
schedules, cycle settings and the goal limit (milestones and their deadline rules:
arshjul.core.template_milestones and template_rules).

Structural problems (missing fields, wrong types, unknown keys) are reported here with
their line; references between the parts are checked in arshjul.core.template_references.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from arshjul.core.addresses import is_single_address
from arshjul.core.calendar import Shift
from arshjul.core.goals import DEFAULT_MAX_GOALS
from arshjul.core.reminders import ReminderSchedule
from arshjul.core.template import (
    Body,
    BodyKind,
    CalendarMeeting,
    Contact,
    CycleTemplate,
    Meeting,
    Municipality,
    NthWeekday,
    Role,
    Vision,
    VisionArea,
    YearDate,
)
from arshjul.core.template_calendars import APPLIES_KEYS, applies
from arshjul.core.template_rules import year_offset
from arshjul.core.yaml_lines import LineMap, Reader, join, kind_of

MAX_MEETING_DAYS = 5  # a budget meeting lasts a day or two; a week is not one meeting
WEEKDAYS = {
    **{n: i for i, n in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday"))},
    **{n: i for i, n in enumerate(("måndag", "tisdag", "onsdag", "torsdag", "fredag"))},
}


def _year_date(r: Reader, value: Any, line: int, path: str) -> YearDate | None:
    m = r.mapping(value, line, path)
    if m is None:
        return None
    r.check_keys(m, path, ("month", "day", "year"))
    month = r.integer(m, "month", path, required=True, low=1, high=12)
    day = r.integer(m, "day", path, required=True, low=1, high=31)
    year = year_offset(r, m, path)
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
        return CalendarMeeting(month, nth, year_offset(r, m, path))
    r.check_keys(m, path, ("month", "weekday", "nth", "year", "day"))
    month = r.integer(m, "month", path, required=True, low=1, high=12)
    weekday = r.choice(m, "weekday", path, WEEKDAYS)
    nth = r.integer(m, "nth", path, required=True, low=-5, high=5)
    if nth == 0:
        r.report("out_of_range", r.line(m, "nth"), join(path, "nth"), value=0, low=-5, high=5)
        return None
    year = year_offset(r, m, path)
    if month is None or weekday is None or nth is None:
        return None
    return NthWeekday(month, weekday, nth, year)


def municipality(r: Reader, root: LineMap) -> Municipality | None:
    m = r.mapping(root.get("municipality"), r.line(root, "municipality"), "municipality")
    return None if m is None else _municipality(r, m, "municipality")


def _municipality(r: Reader, m: LineMap, path: str) -> Municipality | None:
    """`{code: "2262", name: Timrå kommun}`: a kommunkod is four digits."""
    r.check_keys(m, path, ("code", "name"))
    code = r.text(m, "code", path)
    name = r.text(m, "name", path)
    if code is not None and not (len(code) == 4 and code.isdigit()):
        r.report(
            "bad_value",
            r.line(m, "code"),
            join(path, "code"),
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


BODY_FIELDS = ("key", "name", "kind", "contacts", "part_of", "forvaltning", "host", "partners")


def bodies(r: Reader, root: LineMap) -> list[Body]:
    bodies: list[Body] = []
    kinds = {k.value: k for k in BodyKind}
    for item, line, path in r.items(root, "bodies", ""):
        b = r.mapping(item, line, path)
        if b is None:
            continue
        r.check_keys(b, path, BODY_FIELDS)
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
        contacts = _contacts(r, b, path)
        host, partners = _shared(r, b, path, kind)
        if key and name and kind:
            bodies.append(
                Body(key, name, kind, contacts, line, part_of, forvaltning, host, partners)
            )
    return bodies


def _contacts(r: Reader, b: LineMap, path: str) -> tuple[Contact, ...]:
    roles = {k.value: k for k in Role}
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
    return tuple(contacts)


def _shared(
    r: Reader, b: LineMap, path: str, kind: BodyKind | None
) -> tuple[Municipality | None, tuple[Municipality, ...]]:
    """A gemensam nämnd's `host:` (the municipality that set it up) and `partners:`;
    both belong to that kind only, and the host is required."""
    joint = kind is BodyKind.GEMENSAM_NAMND
    for field in ("host", "partners"):
        if field in b and not joint:
            r.report(
                "bad_value",
                r.line(b, field),
                join(path, field),
                value=field,
                expected=f"{field} only on a gemensam nämnd (kind: gemensam_namnd)",
            )
    if not joint:
        return None, ()
    host = None
    if "host" in b:
        given = r.mapping(b["host"], r.line(b, "host"), join(path, "host"))
        host = _municipality(r, given, join(path, "host")) if given is not None else None
    else:
        r.report(
            "missing_field",
            b.line,
            join(path, "host"),
            expected='the host municipality, {code: "0380", name: Uppsala kommun}',
        )
    partners: list[Municipality] = []
    for item, line, item_path in r.items(b, "partners", path):
        given = r.mapping(item, line, item_path)
        partner = _municipality(r, given, item_path) if given is not None else None
        if partner is not None:
            partners.append(partner)
    return host, tuple(partners)


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
        r.check_keys(
            m, path, ("key", "body", "title", "date", "days", "overrides", "shift", *APPLIES_KEYS)
        )
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
        days = r.integer(m, "days", path, default=1, low=1, high=MAX_MEETING_DAYS) or 1
        if key and body and title and when:
            meetings.append(
                Meeting(
                    key,
                    body,
                    title,
                    when,
                    overrides,
                    shift,
                    in_years,
                    line,
                    dict(m.key_lines),
                    days,
                )
            )
    return meetings


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
