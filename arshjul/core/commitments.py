"""A nämnd's commitments for a year, as it hands them in with its verksamhetsplan: the few
Agenda 2030 goals it chooses and how it contributes to each of them and to each of the
municipality's vision areas. Validated here, with every problem naming its field.

    goals: [3, "God utbildning för alla", 10]     # numbers or names, at most `max_goals`
    vision:                                       # one statement per vision area key
      tillvaxt: "…"
    contributions:                                # one statement per chosen goal
      3: "…"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from arshjul.core.goals import goal_number
from arshjul.core.problems import Problem, Severity

DEFAULT_MAX_GOALS = 5


@dataclass(frozen=True)
class Commitments:
    goals: tuple[int, ...]
    goal_statements: dict[int, str] = field(default_factory=dict)
    vision_statements: dict[str, str] = field(default_factory=dict)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def parse_commitments(
    data: Any,
    *,
    file: str,
    vision_areas: tuple[str, ...],
    max_goals: int = DEFAULT_MAX_GOALS,
) -> tuple[Commitments | None, list[Problem]]:
    """Check a parsed YAML/JSON document; (None, problems) when any error is found."""
    problems: list[Problem] = []

    def report(code: str, field_: str, severity: Severity = Severity.ERROR, **params: Any) -> None:
        problems.append(Problem(code, file, None, field_, params, severity))

    if not isinstance(data, dict):
        report("wrong_type", "", expected="mapping", got=type(data).__name__)
        return None, problems
    for key in data:
        if key not in ("goals", "vision", "contributions"):
            report("unknown_field", str(key), allowed=["goals", "vision", "contributions"])

    raw_goals = data.get("goals", [])
    if not isinstance(raw_goals, list):
        report("wrong_type", "goals", expected="list", got=type(raw_goals).__name__)
        raw_goals = []
    goals: list[int] = []
    for index, value in enumerate(raw_goals):
        number = goal_number(value)
        if number is None:
            report("unknown_goal", f"goals[{index}]", value=value)
        elif number in goals:
            report("duplicate_goal", f"goals[{index}]", value=value, number=number)
        else:
            goals.append(number)
    if not raw_goals:
        report("no_goals", "goals", Severity.WARNING)
    if len(goals) > max_goals:
        report("too_many_goals", "goals", count=len(goals), max=max_goals)

    statements: dict[int, str] = {}
    mentioned: set[int] = set()
    contributions = data.get("contributions", {})
    if not isinstance(contributions, dict):
        report("wrong_type", "contributions", expected="mapping", got=type(contributions).__name__)
        contributions = {}
    for key, value in contributions.items():
        number = goal_number(key)
        if number is None or number not in goals:
            report("statement_for_unchosen_goal", f"contributions.{key}", value=key)
            continue
        mentioned.add(number)
        if _text(value) is None:
            report("empty_statement", f"contributions.{key}")
        else:
            statements[number] = _text(value) or ""
    for number in goals:
        if number not in mentioned:
            report("missing_statement", f"contributions.{number}", goal=number)

    vision: dict[str, str] = {}
    areas = data.get("vision", {})
    if not isinstance(areas, dict):
        report("wrong_type", "vision", expected="mapping", got=type(areas).__name__)
        areas = {}
    for key, value in areas.items():
        if key not in vision_areas:
            report("unknown_vision_area", f"vision.{key}", value=key, known=list(vision_areas))
        elif _text(value) is None:
            report("empty_statement", f"vision.{key}")
        else:
            vision[key] = _text(value) or ""
    for key in vision_areas:
        if key not in areas:
            report("missing_statement", f"vision.{key}", goal=key)

    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return Commitments(tuple(goals), statements, vision), problems
