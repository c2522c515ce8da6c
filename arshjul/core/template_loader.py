"""Read a cycle template from YAML, reporting every problem with its file, line and field.

The reader collects problems instead of stopping at the first, so a coordinator editing the
file sees all of them in one `arshjul validate` run. Structural problems (missing fields,
wrong types, unknown keys) are found here; references between parts (unknown body, meeting
or milestone, dependency cycles) by `check_references`; whether every date can be computed
and lies inside the cycle by `arshjul.core.planner`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import yaml

from arshjul.core.calendar import Shift
from arshjul.core.problems import Problem, Severity
from arshjul.core.reminders import ReminderSchedule
from arshjul.core.template import (
    DEFAULT_MAX_GOALS,
    EVERY_NAMND,
    AfterMeeting,
    AfterMilestone,
    BeforeMeeting,
    Body,
    BodyKind,
    Collects,
    Contact,
    CycleTemplate,
    DeadlineRule,
    FixedDate,
    LastBusinessDay,
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

WEEKDAYS = {
    **{n: i for i, n in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday"))},
    **{n: i for i, n in enumerate(("måndag", "tisdag", "onsdag", "torsdag", "fredag"))},
}
EVERY_NAMND_ALIASES = {EVERY_NAMND, "every namnd", "varje nämnd", "alla nämnder"}
RULE_ANCHORS = (
    "fixed",
    "last_business_day_of",
    "on_meeting",
    "before_meeting",
    "after_meeting",
    "after_milestone",
)
YEAR_OFFSET_RANGE = (-2, 2)


# YAML with line numbers -----------------------------------------------------------------


class LineMap(dict[Any, Any]):
    """A YAML mapping that remembers the line of itself and of each key (1-based)."""

    line: int
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A YAML sequence that remembers the line of itself and of each item (1-based)."""

    line: int
    item_lines: list[int]


class DuplicateKey(yaml.MarkedYAMLError):
    pass


class _LineLoader(yaml.SafeLoader):
    def construct_line_map(self, node: yaml.MappingNode) -> LineMap:
        mapping = LineMap()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in mapping:
                raise DuplicateKey(
                    problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
                )
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_line_list(self, node: yaml.SequenceNode) -> LineList:
        items = LineList(self.construct_object(child, deep=True) for child in node.value)
        items.line = node.start_mark.line + 1
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_line_map
)
_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_line_list
)


# The reader -----------------------------------------------------------------------------


class _Reader:
    """Typed access to a LineMap that turns every surprise into a located Problem."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def report(
        self,
        code: str,
        line: int | None,
        field: str,
        severity: Severity = Severity.ERROR,
        **params: Any,
    ) -> None:
        self.problems.append(Problem(code, self.file, line, field, params, severity))

    def mapping(self, value: Any, line: int | None, path: str) -> LineMap | None:
        if isinstance(value, LineMap):
            return value
        self.report("wrong_type", line, path, expected="mapping", got=_kind(value))
        return None

    def check_keys(self, m: LineMap, path: str, allowed: tuple[str, ...]) -> None:
        for key in m:
            if key not in allowed:
                self.report(
                    "unknown_field", m.key_lines[key], _join(path, str(key)), allowed=list(allowed)
                )

    def has(self, m: LineMap, key: str) -> bool:
        return key in m

    def line(self, m: LineMap, key: str) -> int:
        return m.key_lines.get(key, m.line)

    def text(self, m: LineMap, key: str, path: str, default: str | None = None) -> str | None:
        if key not in m:
            if default is None:
                self.report("missing_field", m.line, _join(path, key), expected="text")
            return default
        value = m[key]
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.report(
                "wrong_type", self.line(m, key), _join(path, key), expected="text", got=_kind(value)
            )
            return default
        return value.strip()

    def integer(
        self,
        m: LineMap,
        key: str,
        path: str,
        *,
        default: int | None = None,
        required: bool = False,
        low: int | None = None,
        high: int | None = None,
    ) -> int | None:
        if key not in m:
            if required:
                self.report("missing_field", m.line, _join(path, key), expected="integer")
            return default
        value = m[key]
        if not isinstance(value, int) or isinstance(value, bool):
            self.report(
                "wrong_type",
                self.line(m, key),
                _join(path, key),
                expected="integer",
                got=_kind(value),
            )
            return default
        if (low is not None and value < low) or (high is not None and value > high):
            self.report(
                "out_of_range", self.line(m, key), _join(path, key), value=value, low=low, high=high
            )
            return default
        return value

    def choice(
        self, m: LineMap, key: str, path: str, options: dict[str, Any], default: Any = None
    ) -> Any:
        if key not in m:
            if default is None:
                self.report("missing_field", m.line, _join(path, key), expected=sorted(options))
            return default
        value = m[key]
        if isinstance(value, str) and value.strip().lower() in options:
            return options[value.strip().lower()]
        self.report(
            "bad_choice", self.line(m, key), _join(path, key), value=value, expected=sorted(options)
        )
        return default

    def items(
        self, m: LineMap, key: str, path: str, required: bool = True
    ) -> Iterator[tuple[Any, int, str]]:
        """Yield (item, line, path) for a list field."""
        if key not in m:
            if required:
                self.report("missing_field", m.line, _join(path, key), expected="list")
            return
        value = m[key]
        if not isinstance(value, LineList):
            self.report(
                "wrong_type", self.line(m, key), _join(path, key), expected="list", got=_kind(value)
            )
            return
        for index, (item, line) in enumerate(zip(value, value.item_lines, strict=True)):
            yield item, line, f"{_join(path, key)}[{index}]"

    def keys(self, m: LineMap, key: str, path: str) -> tuple[str, ...]:
        """A list of keys, or a single key written without brackets."""
        if key not in m:
            return ()
        value = m[key]
        if isinstance(value, str):
            return (value.strip(),)
        found: list[str] = []
        for item, line, item_path in self.items(m, key, path):
            if isinstance(item, str) and item.strip():
                found.append(item.strip())
            else:
                self.report("wrong_type", line, item_path, expected="text", got=_kind(item))
        return tuple(found)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text" if value.strip() else "empty text"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dt.date):
        return "date"
    return "nothing" if value is None else type(value).__name__


# Parts of the template ------------------------------------------------------------------


def _year(r: _Reader, m: LineMap, path: str) -> int:
    low, high = YEAR_OFFSET_RANGE
    return r.integer(m, "year", path, default=0, low=low, high=high) or 0


def _year_date(r: _Reader, value: Any, line: int, path: str) -> YearDate | None:
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


def _meeting_when(r: _Reader, value: Any, line: int, path: str) -> YearDate | NthWeekday | None:
    m = r.mapping(value, line, path)
    if m is None:
        return None
    if "day" in m:
        return _year_date(r, m, line, path)
    r.check_keys(m, path, ("month", "weekday", "nth", "year", "day"))
    month = r.integer(m, "month", path, required=True, low=1, high=12)
    weekday = r.choice(m, "weekday", path, WEEKDAYS)
    nth = r.integer(m, "nth", path, required=True, low=-5, high=5)
    if nth == 0:
        r.report("out_of_range", r.line(m, "nth"), _join(path, "nth"), value=0, low=-5, high=5)
        return None
    year = _year(r, m, path)
    if month is None or weekday is None or nth is None:
        return None
    return NthWeekday(month, weekday, nth, year)


def _municipality(r: _Reader, root: LineMap) -> Municipality | None:
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


def _vision(r: _Reader, root: LineMap) -> Vision:
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
            got=_kind(examples),
        )
        examples = False
    return Vision(
        r.text(m, "name", "vision") or "",
        r.integer(m, "year", "vision", low=1900, high=2200),
        tuple(areas),
        examples,
    )


def _bodies(r: _Reader, root: LineMap) -> list[Body]:
    bodies: list[Body] = []
    kinds = {k.value: k for k in BodyKind}
    roles = {k.value: k for k in Role}
    for item, line, path in r.items(root, "bodies", ""):
        b = r.mapping(item, line, path)
        if b is None:
            continue
        r.check_keys(b, path, ("key", "name", "kind", "contacts"))
        key, name = r.text(b, "key", path), r.text(b, "name", path)
        kind = r.choice(b, "kind", path, kinds)
        contacts: list[Contact] = []
        for c_item, c_line, c_path in r.items(b, "contacts", path, required=False):
            c = r.mapping(c_item, c_line, c_path)
            if c is None:
                continue
            r.check_keys(c, c_path, ("role", "name", "email"))
            role = r.choice(c, "role", c_path, roles)
            c_name, email = r.text(c, "name", c_path), r.text(c, "email", c_path)
            if email is not None and ("@" not in email or " " in email):
                r.report(
                    "bad_value",
                    r.line(c, "email"),
                    _join(c_path, "email"),
                    value=email,
                    expected="an e-mail address",
                )
                email = None
            if role and c_name and email:
                contacts.append(Contact(role, c_name, email, c_line))
        if key and name and kind:
            bodies.append(Body(key, name, kind, tuple(contacts), line))
    return bodies


def _shift(r: _Reader, m: LineMap, path: str, default: Shift) -> Shift:
    return r.choice(m, "shift", path, {s.value: s for s in Shift}, default=default)


def _meetings(r: _Reader, root: LineMap) -> list[Meeting]:
    meetings: list[Meeting] = []
    for item, line, path in r.items(root, "meetings", "", required=False):
        m = r.mapping(item, line, path)
        if m is None:
            continue
        r.check_keys(m, path, ("key", "body", "title", "date", "overrides", "shift"))
        key, body = r.text(m, "key", path), r.text(m, "body", path)
        title = r.text(m, "title", path)
        when = None
        if "date" in m:
            when = _meeting_when(r, m["date"], r.line(m, "date"), _join(path, "date"))
        else:
            r.report("missing_field", m.line, _join(path, "date"), expected="mapping")
        overrides: dict[int, object] = {}
        if "overrides" in m:
            o = r.mapping(m["overrides"], r.line(m, "overrides"), _join(path, "overrides"))
            for year, day in (o or {}).items():
                o_path = _join(path, f"overrides.{year}")
                if not isinstance(year, int) or not isinstance(day, dt.date):
                    r.report(
                        "bad_value",
                        o.key_lines[year],
                        o_path,
                        value=f"{year}: {day}",
                        expected="budget year: YYYY-MM-DD",
                    )
                    continue
                overrides[year] = day
        shift = _shift(r, m, path, Shift.NEXT)
        if key and body and title and when:
            meetings.append(
                Meeting(key, body, title, when, overrides, shift, line, dict(m.key_lines))
            )
    return meetings


def _offset(r: _Reader, m: LineMap, path: str) -> tuple[int | None, int | None] | None:
    has_days, has_bdays = "days" in m, "business_days" in m
    if has_days == has_bdays:
        r.report("bad_rule", m.line, path, expected="exactly one of days, business_days")
        return None
    days = r.integer(m, "days", path, low=0, high=730)
    bdays = r.integer(m, "business_days", path, low=0, high=500)
    if days is None and bdays is None:
        return None
    return days, bdays


def _deadline(r: _Reader, value: Any, line: int, path: str) -> DeadlineRule | None:
    m = r.mapping(value, line, path)
    if m is None:
        return None
    anchors = [a for a in RULE_ANCHORS if a in m]
    if len(anchors) != 1:
        r.report("bad_rule", m.line, path, expected=list(RULE_ANCHORS), found=anchors)
        return None
    anchor = anchors[0]
    anchor_path = _join(path, anchor)
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
    rule_type = {
        "before_meeting": BeforeMeeting,
        "after_meeting": AfterMeeting,
        "after_milestone": AfterMilestone,
    }[anchor]
    return rule_type(target, *offset)


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
    r: _Reader, m: LineMap, key: str, path: str, default: tuple[int, ...]
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


def _reminders(
    r: _Reader, value: Any, line: int, path: str, base: ReminderSchedule
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
            _join(path, "on_the_day"),
            expected="boolean",
            got=_kind(on_the_day),
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


def _milestones(r: _Reader, root: LineMap, reminders: ReminderSchedule) -> list[Milestone]:
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
                _join(path, "responsible"),
                expected=f"a body key, a list of them, or '{EVERY_NAMND}'",
            )
        elif not responsible:
            r.report(
                "wrong_type",
                r.line(m, "responsible"),
                _join(path, "responsible"),
                expected=f"a body key, a list of them, or '{EVERY_NAMND}'",
                got="nothing",
            )
        if any(key.lower() in EVERY_NAMND_ALIASES for key in responsible):
            responsible = (EVERY_NAMND,)
        deadline = None
        if "deadline" in m:
            deadline = _deadline(r, m["deadline"], r.line(m, "deadline"), _join(path, "deadline"))
        else:
            r.report("missing_field", m.line, _join(path, "deadline"), expected=list(RULE_ANCHORS))
        depends_on = r.keys(m, "depends_on", path)
        shift = _shift(r, m, path, Shift.PREVIOUS)
        description = r.text(m, "description", path, default="") or ""
        law = r.choice(m, "law", path, {t.value: t.value for t in LawTag}, default="")
        period_months = r.integer(m, "period_months", path, low=1, high=12)
        election_rule = None
        if "deadline_in_election_year" in m:
            election_rule = _deadline(
                r,
                m["deadline_in_election_year"],
                r.line(m, "deadline_in_election_year"),
                _join(path, "deadline_in_election_year"),
            )
        opens_on_decision = r.text(m, "opens_on_decision", path, default="") or None
        collects = r.choice(m, "collects", path, {c.value: c.value for c in Collects}, default="")
        own_reminders = None
        if "reminders" in m:
            own_reminders = _reminders(
                r, m["reminders"], r.line(m, "reminders"), _join(path, "reminders"), reminders
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
                    line=line,
                    lines=lines,
                )
            )
    return milestones


def _cycle_settings(r: _Reader, root: LineMap) -> tuple[YearDate, YearDate, int]:
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


def _max_goals(r: _Reader, root: LineMap) -> int:
    """`goals: {max_per_namnd: 5}`: how many Agenda 2030 goals a nämnd may choose."""
    m = r.mapping(root["goals"], r.line(root, "goals"), "goals")
    if m is None:
        return DEFAULT_MAX_GOALS
    r.check_keys(m, "goals", ("max_per_namnd",))
    return r.integer(m, "max_per_namnd", "goals", default=DEFAULT_MAX_GOALS, low=1, high=17) or 1


def load_yaml(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Safe-load YAML (or JSON) keeping line numbers: mappings come back as LineMap and
    sequences as LineList. A syntax error is one Problem with its line."""
    r = _Reader(file)
    try:
        return yaml.load(text, Loader=_LineLoader), []  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        r.report("yaml_syntax", mark.line + 1 if mark else None, "", detail=str(exc.problem))
    except yaml.YAMLError as exc:
        r.report("yaml_syntax", None, "", detail=str(exc))
    return None, r.problems


def parse_template(text: str, file: str) -> tuple[CycleTemplate | None, list[Problem]]:
    """Parse template text; returns the template (None if any error) and all problems."""
    r = _Reader(file)
    root, syntax = load_yaml(text, file)
    if syntax:
        return None, syntax
    top = r.mapping(root, 1, "")
    if top is None:
        return None, r.problems
    r.check_keys(
        top,
        "",
        (
            "municipality",
            "vision",
            "goals",
            "cycle",
            "reminders",
            "bodies",
            "meetings",
            "milestones",
        ),
    )
    if "municipality" not in top:
        r.report("missing_field", top.line, "municipality", expected="mapping")
    municipality = _municipality(r, top) if "municipality" in top else None
    vision = _vision(r, top) if "vision" in top else Vision("", None, ())
    max_goals = _max_goals(r, top) if "goals" in top else DEFAULT_MAX_GOALS
    start, end, due_soon = _cycle_settings(r, top)
    bodies = _bodies(r, top)
    meetings = _meetings(r, top)
    reminders = ReminderSchedule()
    if "reminders" in top:
        reminders = _reminders(
            r, top["reminders"], r.line(top, "reminders"), "reminders", reminders
        )
    milestones = _milestones(r, top, reminders)
    if any(p.severity is Severity.ERROR for p in r.problems) or municipality is None:
        return None, r.problems
    template = CycleTemplate(
        file,
        municipality,
        vision,
        tuple(bodies),
        tuple(meetings),
        tuple(milestones),
        start,
        end,
        due_soon,
        reminders,
        max_goals,
        text,
    )
    r.problems.extend(check_references(template))
    if any(p.severity is Severity.ERROR for p in r.problems):
        return None, r.problems
    return template, r.problems


# References between parts ---------------------------------------------------------------


def check_references(t: CycleTemplate) -> list[Problem]:
    """Unknown or duplicate keys and dependency cycles, each located in the file."""
    problems: list[Problem] = []

    def report(code: str, line: int | None, field: str, **params: Any) -> None:
        problems.append(Problem(code, t.file, line, field, params))

    body_keys = _unique(t.bodies, "bodies", t.file, problems)
    meeting_keys = _unique(t.meetings, "meetings", t.file, problems)
    milestone_keys = _unique(t.milestones, "milestones", t.file, problems)

    for i, meeting in enumerate(t.meetings):
        if meeting.body not in body_keys:
            report(
                "unknown_body",
                meeting.lines.get("body", meeting.line),
                f"meetings[{i}].body",
                value=meeting.body,
                known=sorted(body_keys),
            )

    for i, ms in enumerate(t.milestones):
        path = f"milestones[{i}]"
        if ms.responsible != (EVERY_NAMND,):
            for key in ms.responsible:
                if key not in body_keys:
                    report(
                        "unknown_body",
                        ms.lines.get("responsible", ms.line),
                        f"{path}.responsible",
                        value=key,
                        known=sorted(body_keys),
                    )
        for rule_field, rule in (
            ("deadline", ms.deadline),
            ("deadline_in_election_year", ms.election_year_deadline),
        ):
            if isinstance(rule, OnMeeting | BeforeMeeting | AfterMeeting):
                anchor = {
                    OnMeeting: "on_meeting",
                    BeforeMeeting: "before_meeting",
                    AfterMeeting: "after_meeting",
                }[type(rule)]
                if rule.meeting not in meeting_keys:
                    report(
                        "unknown_meeting",
                        ms.lines.get(f"{rule_field}.{anchor}", ms.line),
                        f"{path}.{rule_field}.{anchor}",
                        value=rule.meeting,
                        known=sorted(meeting_keys),
                    )
            if isinstance(rule, AfterMilestone) and rule.milestone not in milestone_keys:
                report(
                    "unknown_milestone",
                    ms.lines.get(f"{rule_field}.after_milestone", ms.line),
                    f"{path}.{rule_field}.after_milestone",
                    value=rule.milestone,
                    known=sorted(milestone_keys),
                )
        if ms.opens_on_decision is not None and (
            ms.opens_on_decision not in milestone_keys or ms.opens_on_decision == ms.key
        ):
            report(
                "unknown_milestone",
                ms.lines.get("opens_on_decision", ms.line),
                f"{path}.opens_on_decision",
                value=ms.opens_on_decision,
                known=sorted(milestone_keys - {ms.key}),
            )
        for j, dep in enumerate(ms.depends_on):
            if dep not in milestone_keys:
                report(
                    "unknown_milestone",
                    ms.lines.get(f"depends_on[{j}]", ms.lines.get("depends_on", ms.line)),
                    f"{path}.depends_on[{j}]",
                    value=dep,
                    known=sorted(milestone_keys),
                )
            elif dep == ms.key:
                report(
                    "dependency_cycle",
                    ms.lines.get("depends_on", ms.line),
                    f"{path}.depends_on",
                    cycle=[ms.key, ms.key],
                )

    if not problems:
        cycle = find_cycle({ms.key: ms.anchor_milestones for ms in t.milestones})
        if cycle:
            index = next(i for i, ms in enumerate(t.milestones) if ms.key == cycle[0])
            first = t.milestones[index]
            report(
                "dependency_cycle",
                first.lines.get("depends_on", first.line),
                f"milestones[{index}].depends_on",
                cycle=cycle,
            )
    return problems


def _unique(items: tuple[Any, ...], section: str, file: str, problems: list[Problem]) -> set[str]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.key in seen:
            problems.append(
                Problem(
                    "duplicate_key", file, item.line, f"{section}[{i}].key", {"value": item.key}
                )
            )
        seen.add(item.key)
    return seen


def find_cycle(graph: dict[str, tuple[str, ...]]) -> list[str] | None:
    """A dependency cycle as a path that ends where it starts, or None. Order-stable."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = grey
        stack.append(node)
        for nxt in graph.get(node, ()):
            if colour.get(nxt) == grey:
                return [*stack[stack.index(nxt) :], nxt]
            if colour.get(nxt) == white and (found := visit(nxt)):
                return found
        stack.pop()
        colour[node] = black
        return None

    for node in graph:
        if colour[node] == white and (found := visit(node)):
            return found
    return None
