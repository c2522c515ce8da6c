"""A nämnd's commitments for a year, as it hands them in with its verksamhetsplan: the few
Agenda 2030 goals it chooses and how it contributes to each of them and to each of the
municipality's vision areas. Validated here, with every problem naming its field and line;
and the coverage over all nämnder, with its gaps.

    goals: [3, "God utbildning för alla", 10]     # numbers or names, at most `max_goals`
    vision:                                       # one statement per vision area key
      tillvaxt: "…"
    contributions:                                # one statement per chosen goal
      3: "…"

A vision area without a statement is a warning, not an error: not every nämnd contributes
to every area, and the coverage report shows it as a gap for the coordinator to follow up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from arshjul.core.goals import DEFAULT_MAX_GOALS, GOALS, goal_number
from arshjul.core.problems import Problem, Severity

__all__ = [
    "DEFAULT_MAX_GOALS",
    "CommitmentKind",
    "Commitments",
    "parse_commitments",
    "read_commitments",
]


class CommitmentKind(StrEnum):
    GOAL = "goal"  # a chosen Agenda 2030 goal, key "1".."17"
    VISION = "vision"  # a vision area, key as in the template


@dataclass(frozen=True)
class Commitments:
    goals: tuple[int, ...]
    goal_statements: dict[int, str] = field(default_factory=dict)
    vision_statements: dict[str, str] = field(default_factory=dict)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _key_line(container: Any, key: Any) -> int | None:
    """The line of `key` in a mapping loaded by `load_yaml` (None for plain dicts)."""
    return getattr(container, "key_lines", {}).get(key, getattr(container, "line", None))


def _item_line(container: Any, index: int) -> int | None:
    lines = getattr(container, "item_lines", None)
    return lines[index] if lines and index < len(lines) else getattr(container, "line", None)


def parse_commitments(
    data: Any,
    *,
    file: str,
    vision_areas: tuple[str, ...],
    max_goals: int = DEFAULT_MAX_GOALS,
) -> tuple[Commitments | None, list[Problem]]:
    """Check a parsed YAML/JSON document; (None, problems) when any error is found."""
    problems: list[Problem] = []

    def report(
        code: str,
        field_: str,
        line: int | None,
        severity: Severity = Severity.ERROR,
        **params: Any,
    ) -> None:
        problems.append(Problem(code, file, line, field_, params, severity))

    if not isinstance(data, dict):
        report(
            "wrong_type", "", getattr(data, "line", 1), expected="mapping", got=type(data).__name__
        )
        return None, problems
    for key in data:
        if key not in ("goals", "vision", "contributions"):
            report(
                "unknown_field",
                str(key),
                _key_line(data, key),
                allowed=["goals", "vision", "contributions"],
            )

    def section(key: str, kind: type[list[Any]] | type[dict[Any, Any]]) -> Any:
        """The top-level `key` if it has the right kind; else reported, and empty."""
        value = data.get(key, kind())
        if isinstance(value, kind):
            return value
        expected = "list" if kind is list else "mapping"
        report("wrong_type", key, _key_line(data, key), expected=expected, got=type(value).__name__)
        return kind()

    raw_goals = section("goals", list)
    goals: list[int] = []
    for index, value in enumerate(raw_goals):
        number = goal_number(value)
        line = _item_line(raw_goals, index)
        if number is None:
            report("unknown_goal", f"goals[{index}]", line, value=value)
        elif number in goals:
            report("duplicate_goal", f"goals[{index}]", line, value=value, number=number)
        else:
            goals.append(number)
    if not raw_goals:
        report("no_goals", "goals", _key_line(data, "goals"), Severity.WARNING)
    if len(goals) > max_goals:
        report("too_many_goals", "goals", _key_line(data, "goals"), count=len(goals), max=max_goals)

    statements: dict[int, str] = {}
    mentioned: set[int] = set()
    contributions = section("contributions", dict)
    for key, value in contributions.items():
        number = goal_number(key)
        line = _key_line(contributions, key)
        if number is None or number not in goals:
            report("statement_for_unchosen_goal", f"contributions.{key}", line, value=key)
            continue
        mentioned.add(number)
        if _text(value) is None:
            report("empty_statement", f"contributions.{key}", line)
        else:
            statements[number] = _text(value) or ""
    for number in goals:
        if number not in mentioned:
            report(
                "missing_statement",
                f"contributions.{number}",
                _key_line(data, "contributions"),
                goal=number,
            )

    vision: dict[str, str] = {}
    areas = section("vision", dict)
    for key, value in areas.items():
        line = _key_line(areas, key)
        if key not in vision_areas:
            report(
                "unknown_vision_area", f"vision.{key}", line, value=key, known=list(vision_areas)
            )
        elif _text(value) is None:
            report("empty_statement", f"vision.{key}", line)
        else:
            vision[key] = _text(value) or ""
    for key in vision_areas:
        if key not in areas:
            report(
                "missing_statement",
                f"vision.{key}",
                _key_line(data, "vision"),
                Severity.WARNING,
                goal=key,
            )

    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return Commitments(tuple(goals), statements, vision), problems


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
