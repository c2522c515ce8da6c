"""A nämnd's commitments for a year, as it hands them in with its verksamhetsplan: the few
Agenda 2030 goals it chooses and how it contributes to each of them and to each of the
municipality's vision areas, with any indicators it follows them by. Validated here, with
every problem naming its field and line; and the coverage over all nämnder, with its gaps.

    goals: [3, "God utbildning för alla", 10]     # numbers or names, at most `max_goals`
    vision:                                       # one statement per vision area key
      tillvaxt: "…"
    contributions:                                # one statement per chosen goal
      3: "…"
    indicators:                                   # optional, per chosen goal or stated area
      4:
        - {kolada: N15419, target: 80, direction: higher}
        - {key: behoriga, name: Andel behöriga lärare, unit: "%", target: 90}

A vision area without a statement is a warning, not an error: not every nämnd contributes
to every area, and the coverage report shows it as a gap for the coordinator to follow up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from arshjul.core.addresses import control_character
from arshjul.core.goals import DEFAULT_MAX_GOALS, GOALS, goal_number
from arshjul.core.indicators import (
    DIRECTIONS,
    KOLADA_ID,
    LOCAL_KEY,
    Indicator,
    parse_number,
)
from arshjul.core.problems import Problem, Severity

__all__ = [
    "DEFAULT_MAX_GOALS",
    "CommitmentKind",
    "CommitmentRef",
    "Commitments",
    "parse_commitments",
    "read_commitments",
]

MAX_INDICATORS = 10  # per commitment: few goals, followed simply
SECTIONS = ["goals", "vision", "contributions", "indicators"]


class CommitmentKind(StrEnum):
    GOAL = "goal"  # a chosen Agenda 2030 goal, key "1".."17"
    VISION = "vision"  # a vision area, key as in the template


@dataclass(frozen=True, slots=True, order=True)
class CommitmentRef:
    """One commitment of a nämnd: a chosen goal or a vision area it contributes to."""

    kind: CommitmentKind
    key: str

    @property
    def path(self) -> str:
        """Where it is written in a file or a form: `goals.4`, `vision.tillvaxt`."""
        return f"{'goals' if self.kind is CommitmentKind.GOAL else 'vision'}.{self.key}"


@dataclass(frozen=True)
class Commitments:
    goals: tuple[int, ...]
    goal_statements: dict[int, str] = field(default_factory=dict)
    vision_statements: dict[str, str] = field(default_factory=dict)
    indicators: dict[CommitmentRef, tuple[Indicator, ...]] = field(default_factory=dict)

    def refs(self, vision_areas: tuple[str, ...] = ()) -> tuple[CommitmentRef, ...]:
        """Every commitment in order: the goals as chosen, then the vision areas it has a
        statement for (in the template's order when `vision_areas` is given)."""
        areas = [a for a in vision_areas if a in self.vision_statements] or list(
            self.vision_statements
        )
        return tuple(CommitmentRef(CommitmentKind.GOAL, str(n)) for n in self.goals) + tuple(
            CommitmentRef(CommitmentKind.VISION, a) for a in areas
        )


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _key_line(container: Any, key: Any) -> int | None:
    """The line of `key` in a mapping loaded by `load_yaml` (None for plain dicts)."""
    return getattr(container, "key_lines", {}).get(key, getattr(container, "line", None))


def _item_line(container: Any, index: int) -> int | None:
    lines = getattr(container, "item_lines", None)
    return lines[index] if lines and index < len(lines) else getattr(container, "line", None)


class _Check:
    """The problems found in one commitments file, each with its file, line and field."""

    def __init__(self, data: Any, file: str) -> None:
        self.data, self.file = data, file
        self.problems: list[Problem] = []

    def report(
        self,
        code: str,
        field_: str,
        line: int | None,
        severity: Severity = Severity.ERROR,
        **params: Any,
    ) -> None:
        self.problems.append(Problem(code, self.file, line, field_, params, severity))

    def section(self, key: str, kind: type[list[Any]] | type[dict[Any, Any]]) -> Any:
        """The top-level `key` if it has the right kind; else reported, and empty."""
        value = self.data.get(key, kind())
        if isinstance(value, kind):
            return value
        expected = "list" if kind is list else "mapping"
        self.report(
            "wrong_type",
            key,
            _key_line(self.data, key),
            expected=expected,
            got=type(value).__name__,
        )
        return kind()

    @property
    def failed(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


def parse_commitments(
    data: Any,
    *,
    file: str,
    vision_areas: tuple[str, ...],
    max_goals: int = DEFAULT_MAX_GOALS,
) -> tuple[Commitments | None, list[Problem]]:
    """Check a parsed YAML/JSON document; (None, problems) when any error is found."""
    check = _Check(data, file)
    if not isinstance(data, dict):
        check.report(
            "wrong_type", "", getattr(data, "line", 1), expected="mapping", got=type(data).__name__
        )
        return None, check.problems
    for key in data:
        if key not in SECTIONS:
            check.report("unknown_field", str(key), _key_line(data, key), allowed=SECTIONS)
    goals = _goals(check, max_goals)
    statements = _contributions(check, goals)
    vision = _vision(check, vision_areas)
    indicators = _indicators(check, goals, vision)
    if check.failed:
        return None, check.problems
    return Commitments(tuple(goals), statements, vision, indicators), check.problems


def _goals(check: _Check, max_goals: int) -> list[int]:
    raw_goals = check.section("goals", list)
    goals: list[int] = []
    for index, value in enumerate(raw_goals):
        number = goal_number(value)
        line = _item_line(raw_goals, index)
        if number is None:
            check.report("unknown_goal", f"goals[{index}]", line, value=value)
        elif number in goals:
            check.report("duplicate_goal", f"goals[{index}]", line, value=value, number=number)
        else:
            goals.append(number)
    where = _key_line(check.data, "goals")
    if not raw_goals:
        check.report("no_goals", "goals", where, Severity.WARNING)
    if len(goals) > max_goals:
        check.report("too_many_goals", "goals", where, count=len(goals), max=max_goals)
    return goals


def _contributions(check: _Check, goals: list[int]) -> dict[int, str]:
    statements: dict[int, str] = {}
    mentioned: set[int] = set()
    contributions = check.section("contributions", dict)
    for key, value in contributions.items():
        number = goal_number(key)
        line = _key_line(contributions, key)
        if number is None or number not in goals:
            check.report("statement_for_unchosen_goal", f"contributions.{key}", line, value=key)
            continue
        mentioned.add(number)
        if _text(value) is None:
            check.report("empty_statement", f"contributions.{key}", line)
        else:
            statements[number] = _text(value) or ""
    for number in goals:
        if number not in mentioned:
            where = _key_line(check.data, "contributions")
            check.report("missing_statement", f"contributions.{number}", where, goal=number)
    return statements


def _vision(check: _Check, vision_areas: tuple[str, ...]) -> dict[str, str]:
    vision: dict[str, str] = {}
    areas = check.section("vision", dict)
    for key, value in areas.items():
        line = _key_line(areas, key)
        if key not in vision_areas:
            check.report(
                "unknown_vision_area", f"vision.{key}", line, value=key, known=list(vision_areas)
            )
        elif _text(value) is None:
            check.report("empty_statement", f"vision.{key}", line)
        else:
            vision[key] = _text(value) or ""
    for key in vision_areas:
        if key not in areas:
            where = _key_line(check.data, "vision")
            check.report("missing_statement", f"vision.{key}", where, Severity.WARNING, goal=key)
    return vision


def _indicators(
    check: _Check, goals: list[int], vision: dict[str, str]
) -> dict[CommitmentRef, tuple[Indicator, ...]]:
    """`indicators:` per commitment: each a Kolada KPI or a local one, with an optional
    target and direction. Only for the nämnd's own commitments."""
    found: dict[CommitmentRef, tuple[Indicator, ...]] = {}
    section = check.section("indicators", dict)
    for key, items in section.items():
        line, path = _key_line(section, key), f"indicators.{key}"
        ref = _committed(key, goals, vision)
        if ref is None:
            check.report("indicators_for_unchosen", path, line, value=key)
        elif not isinstance(items, list):
            check.report("wrong_type", path, line, expected="list", got=type(items).__name__)
        elif len(items) > MAX_INDICATORS:
            check.report("too_many_indicators", path, line, count=len(items), max=MAX_INDICATORS)
        else:
            found[ref] = _indicator_list(check, items, path)
    return found


def _committed(key: Any, goals: list[int], vision: dict[str, str]) -> CommitmentRef | None:
    if isinstance(key, str) and key in vision:
        return CommitmentRef(CommitmentKind.VISION, key)
    number = goal_number(key)
    return CommitmentRef(CommitmentKind.GOAL, str(number)) if number in goals else None


def _indicator_list(check: _Check, items: list[Any], path: str) -> tuple[Indicator, ...]:
    found: list[Indicator] = []
    for index, item in enumerate(items):
        line, where = _item_line(items, index), f"{path}[{index}]"
        indicator = _indicator(check, item, line, where)
        if indicator is None:
            continue
        if any(i.ref == indicator.ref for i in found):
            check.report("duplicate_indicator", where, line, ref=indicator.ref)
        else:
            found.append(indicator)
    return tuple(found)


INDICATOR_FIELDS = ["kolada", "key", "name", "unit", "target", "direction"]


def _indicator(check: _Check, item: Any, line: int | None, path: str) -> Indicator | None:
    """One indicator: `kolada: ID`, or `key:` with `name:` and `unit:`; `target:` and
    `direction:` (higher, lower; högre, lägre) for either."""
    if not isinstance(item, dict):
        check.report("wrong_type", path, line, expected="mapping", got=type(item).__name__)
        return None
    for key in item:
        if key not in INDICATOR_FIELDS:
            where = _key_line(item, key)
            check.report("unknown_field", f"{path}.{key}", where, allowed=INDICATOR_FIELDS)
    texts = _indicator_texts(check, item, path)
    ref = None if texts is None else _indicator_ref(check, item, texts, line, path)
    good_target, target = _target(check, item, path)
    direction = DIRECTIONS.get(str(item.get("direction", "higher")).strip().casefold())
    if direction is None:
        check.report(
            "bad_choice",
            f"{path}.direction",
            _key_line(item, "direction"),
            value=item["direction"],
            expected=sorted(DIRECTIONS),
        )
    if texts is None or ref is None or not good_target or direction is None:
        return None
    return Indicator(ref, texts.get("name", ref), texts.get("unit", ""), target, direction)


def _indicator_texts(check: _Check, item: dict[Any, Any], path: str) -> dict[str, str] | None:
    texts: dict[str, str] = {}
    for name in ("kolada", "key", "name", "unit"):
        if name not in item:
            continue
        text = _text(item[name])
        if text is None or control_character(text) is not None:
            got = type(item[name]).__name__
            check.report(
                "wrong_type", f"{path}.{name}", _key_line(item, name), expected="text", got=got
            )
            return None
        texts[name] = text
    return texts


def _indicator_ref(
    check: _Check, item: dict[Any, Any], texts: dict[str, str], line: int | None, path: str
) -> str | None:
    """The Kolada id or the local key, checked; a local indicator needs a name and unit."""
    if ("kolada" in texts) == ("key" in texts):
        check.report("indicator_kind", path, line)
        return None
    if "kolada" in texts:
        if KOLADA_ID.fullmatch(texts["kolada"]):
            return texts["kolada"]
        where = _key_line(item, "kolada")
        check.report("bad_kolada_id", f"{path}.kolada", where, value=texts["kolada"])
        return None
    key = texts["key"]
    if not LOCAL_KEY.fullmatch(key) or KOLADA_ID.fullmatch(key.upper()):
        check.report("bad_indicator_key", f"{path}.key", _key_line(item, "key"), value=key)
        return None
    missing = [name for name in ("name", "unit") if name not in texts]
    for name in missing:
        check.report("missing_field", f"{path}.{name}", line, expected="text")
    return None if missing else key


def _target(check: _Check, item: dict[Any, Any], path: str) -> tuple[bool, float | None]:
    """(whether it is good, the target): no target is good, one that is no number is not."""
    if "target" not in item:
        return True, None
    target = parse_number(item["target"])
    if target is None:
        where = _key_line(item, "target")
        check.report("not_a_number", f"{path}.target", where, value=item["target"])
        return False, None
    return True, target


def read_commitments(
    text: str, *, file: str, vision_areas: tuple[str, ...], max_goals: int = DEFAULT_MAX_GOALS
) -> tuple[Commitments | None, list[Problem]]:
    """Parse and check a commitments file's text (YAML or JSON)."""
    from arshjul.core.yaml_lines import load_yaml  # PyYAML only when a file is read

    data, syntax = load_yaml(text, file)
    if syntax:
        return None, syntax
    return parse_commitments(data, file=file, vision_areas=vision_areas, max_goals=max_goals)


# Coverage over the nämnder -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NamndCommitments:
    body: str
    name: str
    commitments: Commitments | None  # None: not handed in (yet)
    version: int | None = None  # the submission version they came with


class GapKind(StrEnum):
    """What the coordinator should follow up (said by the text key `gap_<kind>`)."""

    NOT_HANDED_IN = "not_handed_in"
    NO_GOALS = "no_goals"
    AREA_MISSING = "area_missing"  # one nämnd says nothing about an area
    AREA_UNCOVERED = "area_uncovered"  # no nämnd contributes to an area


@dataclass(frozen=True, slots=True)
class Gap:
    kind: GapKind
    body: str = ""
    area: str = ""


@dataclass(frozen=True, slots=True)
class Coverage:
    namnder: tuple[NamndCommitments, ...]
    vision_areas: tuple[str, ...]
    goal_counts: dict[int, int]  # all 17, chosen by how many nämnder
    gaps: tuple[Gap, ...]

    def covers(self, body: str, area: str) -> bool:
        entry = next(n for n in self.namnder if n.body == body)
        return entry.commitments is not None and area in entry.commitments.vision_statements


def coverage(namnder: list[NamndCommitments], vision_areas: tuple[str, ...]) -> Coverage:
    """The matrix of nämnder × 17 goals and vision areas, and every gap in it."""
    gaps: list[Gap] = []
    counts = dict.fromkeys(GOALS, 0)
    covered: set[str] = set()
    for entry in namnder:
        c = entry.commitments
        if c is None:
            gaps.append(Gap(GapKind.NOT_HANDED_IN, entry.body))
            continue
        if not c.goals:
            gaps.append(Gap(GapKind.NO_GOALS, entry.body))
        for number in c.goals:
            counts[number] += 1
        for area in vision_areas:
            if area in c.vision_statements:
                covered.add(area)
            else:
                gaps.append(Gap(GapKind.AREA_MISSING, entry.body, area))
    gaps += [Gap(GapKind.AREA_UNCOVERED, area=area) for area in vision_areas if area not in covered]
    return Coverage(tuple(namnder), vision_areas, counts, tuple(gaps))
