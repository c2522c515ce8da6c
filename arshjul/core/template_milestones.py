"""A cycle template's milestones, read from YAML into arshjul.core.template's Milestone:
who is responsible (keys and `every …` selectors, less `except:`), the deadline and its
per-body and election-year variants, the law tag, the report period, and the rest. Each
problem is located by file, line and field; references between parts are checked later
(arshjul.core.template_references).
"""

from __future__ import annotations

from arshjul.core.calendar import Shift
from arshjul.core.phases import Phase
from arshjul.core.reminders import ReminderSchedule
from arshjul.core.template import (
    EVERY_BOLAG,
    EVERY_NAMND,
    EVERY_UTSKOTT,
    Collects,
    CompletedBy,
    DeadlineRule,
    LawTag,
    Milestone,
)
from arshjul.core.template_calendars import APPLIES_KEYS, applies, series
from arshjul.core.template_rules import RULE_ANCHORS, deadline_rule
from arshjul.core.template_sections import reminder_schedule
from arshjul.core.yaml_lines import LineList, LineMap, Reader, join, kind_of

SELECTOR_ALIASES = {
    **dict.fromkeys(("every nämnd", "every namnd", "varje nämnd", "alla nämnder"), EVERY_NAMND),
    **dict.fromkeys(("every bolag", "varje bolag", "alla bolag"), EVERY_BOLAG),
    **dict.fromkeys(("every utskott", "varje utskott", "alla utskott"), EVERY_UTSKOTT),
}
SELECTOR_WORDS = ("every ", "varje ", "alla ")  # how a selector begins
RESPONSIBLE = f"a body key, '{EVERY_NAMND}', '{EVERY_BOLAG}', '{EVERY_UTSKOTT}', or a list of them"
FIELDS = (
    "key",
    "title",
    "deliverable",
    "responsible",
    "except",
    "deadline",
    "deadline_for",
    "depends_on",
    "shift",
    "description",
    "reminders",
    "law",
    "law_in_election_year",
    "period_months",
    "deadline_in_election_year",
    "opens_on_decision",
    "collects",
    "completed_by",
    "optional",
    "for_each",
    "phase",
    *APPLIES_KEYS,
)
LAW_TAGS = {t.value: t.value for t in LawTag}


def milestones(r: Reader, root: LineMap, reminders: ReminderSchedule) -> list[Milestone]:
    """Every milestone that could be read; a milestone's `reminders:` amend `reminders`."""
    found: list[Milestone] = []
    for item, line, path in r.items(root, "milestones", ""):
        m = r.mapping(item, line, path)
        if m is None:
            continue
        r.check_keys(m, path, FIELDS)
        milestone = _milestone(r, m, line, path, reminders)
        if milestone is not None:
            found.append(milestone)
    return found


def _milestone(
    r: Reader, m: LineMap, line: int, path: str, reminders: ReminderSchedule
) -> Milestone | None:
    key, title = r.text(m, "key", path), r.text(m, "title", path)
    deliverable = r.text(m, "deliverable", path)
    responsible = _responsible(r, m, path)
    deadline = None
    if "deadline" in m:
        deadline = deadline_rule(r, m["deadline"], r.line(m, "deadline"), join(path, "deadline"))
    else:
        r.report("missing_field", m.line, join(path, "deadline"), expected=list(RULE_ANCHORS))
    election_rule = None
    if "deadline_in_election_year" in m:
        field = "deadline_in_election_year"
        election_rule = deadline_rule(r, m[field], r.line(m, field), join(path, field))
    own_reminders = None
    if "reminders" in m:
        own_reminders = reminder_schedule(
            r, m["reminders"], r.line(m, "reminders"), join(path, "reminders"), reminders
        )
    period_months, parts = _period(r, m, path)
    if not (key and title and deliverable and responsible and deadline):
        return None
    return Milestone(
        key,
        title,
        deliverable,
        responsible,
        deadline,
        depends_on=r.keys(m, "depends_on", path),
        shift=r.choice(m, "shift", path, {s.value: s for s in Shift}, default=Shift.PREVIOUS),
        description=r.text(m, "description", path, default="", multiline=True) or "",
        reminders=own_reminders,
        law=r.choice(m, "law", path, LAW_TAGS, default="") or None,
        period_months=period_months,
        election_year_deadline=election_rule,
        opens_on_decision=r.text(m, "opens_on_decision", path, default="") or None,
        collects=r.choice(m, "collects", path, {c.value: c.value for c in Collects}, default="")
        or None,
        completed_by=r.choice(
            m, "completed_by", path, {c.value: c for c in CompletedBy}, default=CompletedBy.HAND_IN
        ),
        applies=applies(r, m, path),
        series=series(r, m, path) if "for_each" in m else None,
        phase=r.choice(m, "phase", path, {p.value: p.value for p in Phase}, default="") or None,
        line=line,
        lines=_lines(m),
        excluded=r.keys(m, "except", path),
        deadline_for=_deadline_for(r, m, path),
        optional=_flag(r, m, "optional", path),
        election_year_law=r.choice(m, "law_in_election_year", path, LAW_TAGS, default="") or None,
        period_parts=parts,
    )


def _responsible(r: Reader, m: LineMap, path: str) -> tuple[str, ...]:
    """Body keys and selectors in the order written; a selector under another name
    (`varje nämnd`) is read as the one it stands for, an unknown one is an error."""
    field = join(path, "responsible")
    if "responsible" not in m:
        r.report("missing_field", m.line, field, expected=RESPONSIBLE)
        return ()
    value = m["responsible"]
    items = [(value, r.line(m, "responsible"), field)] if isinstance(value, str) else None
    if items is None:
        items = list(r.items(m, "responsible", path))
    found: list[str] = []
    for item, line, item_path in items:
        if not isinstance(item, str) or not item.strip():
            r.report("wrong_type", line, item_path, expected=RESPONSIBLE, got=kind_of(item))
            continue
        text = " ".join(item.split())
        selector = SELECTOR_ALIASES.get(text.lower())
        if selector is None and text.lower().startswith(SELECTOR_WORDS):
            r.report("unknown_selector", line, item_path, value=text, known=list(SELECTOR_ALIASES))
            continue
        found.append(selector or text)
    if not found and isinstance(value, LineList) and not value:
        r.report("wrong_type", r.line(m, "responsible"), field, expected=RESPONSIBLE, got="nothing")
    return tuple(found)


def _deadline_for(r: Reader, m: LineMap, path: str) -> dict[str, DeadlineRule]:
    """`deadline_for: {BUN: {fixed: "05-31", year: -1}}`: a body's own deadline."""
    if "deadline_for" not in m:
        return {}
    field = join(path, "deadline_for")
    given = r.mapping(m["deadline_for"], r.line(m, "deadline_for"), field)
    found: dict[str, DeadlineRule] = {}
    for body, rule in (given or {}).items():
        line = given.key_lines[body] if given is not None else m.line
        parsed = deadline_rule(r, rule, line, join(field, str(body)))
        if parsed is not None:
            found[str(body)] = parsed
    if given is not None and not given:
        r.report("missing_field", given.line, field, expected="a body key and its deadline rule")
    return found


def _period(r: Reader, m: LineMap, path: str) -> tuple[int | None, tuple[tuple[str, int], ...]]:
    """`period_months: 8` (January to August), or one report's parts with their own
    periods, `period_months: {ekonomi: 3, verksamhet: 4}`; the months are the longest."""
    if not isinstance(m.get("period_months"), LineMap):
        return r.integer(m, "period_months", path, low=1, high=12), ()
    field = join(path, "period_months")
    given: LineMap = m["period_months"]
    parts: list[tuple[str, int]] = []
    for part in given:
        months = r.integer(given, part, field, required=True, low=1, high=12)
        if months is not None:
            parts.append((str(part), months))
    if not given:
        r.report(
            "missing_field", given.line, field, expected="a part and its months, e.g. ekonomi: 3"
        )
    return (max(n for _, n in parts) if parts else None), tuple(parts)


def _flag(r: Reader, m: LineMap, key: str, path: str) -> bool:
    value = m.get(key, False)
    if isinstance(value, bool):
        return value
    r.report("wrong_type", r.line(m, key), join(path, key), expected="boolean", got=kind_of(value))
    return False


def _lines(m: LineMap) -> dict[str, int]:
    """The line of every field, of each rule's keys and of each listed item."""
    lines = dict(m.key_lines)
    for field in ("deadline", "deadline_in_election_year", "deadline_for", "period_months"):
        if isinstance(m.get(field), LineMap):
            lines.update({f"{field}.{k}": v for k, v in m[field].key_lines.items()})
    for field in ("depends_on", "responsible", "except"):
        if isinstance(m.get(field), LineList):
            lines.update({f"{field}[{i}]": v for i, v in enumerate(m[field].item_lines)})
    return lines
