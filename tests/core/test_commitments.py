"""Agenda 2030 reference data and a nämnd's commitments, each bad field named."""

from __future__ import annotations

import pytest

from arshjul.core.commitments import (
    Commitments,
    NamndCommitments,
    coverage,
    parse_commitments,
    read_commitments,
)
from arshjul.core.goals import ALIASES, GOALS, goal_number
from arshjul.core.problems import Severity

AREAS = ("tillvaxt", "service")


def good() -> dict:
    return {
        "goals": [3, "God utbildning för alla", "mål 10"],
        "vision": {
            "tillvaxt": "Fler i arbete genom vuxenutbildning.",
            "service": "Kortare väntetider i förskolan.",
        },
        "contributions": {
            3: "Hälsofrämjande skola.",
            4: "Fler behöriga lärare.",
            "10": "Kompensatoriska insatser.",
        },
    }


def test_the_seventeen_goals() -> None:
    assert len(GOALS) == 17 and GOALS[13] == "Bekämpa klimatförändringarna"
    assert all(goal_number(alias) == number for alias, number in ALIASES.items())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, 3),
        ("3", 3),
        ("Mål 17", 17),
        ("  god hälsa OCH välbefinnande ", 3),
        ("Hälsa och välbefinnande", 3),
        ("Bekämpa klimatförändringen", 13),
        (18, None),
        ("0", None),
        ("Fattigdom", None),
        (True, None),
        (None, None),
    ],
)
def test_goal_number(value: object, expected: int | None) -> None:
    assert goal_number(value) == expected


def test_valid_commitments() -> None:
    commitments, problems = parse_commitments(good(), file="vp.yaml", vision_areas=AREAS)
    assert problems == []
    assert commitments is not None and commitments.goals == (3, 4, 10)
    assert commitments.goal_statements[4] == "Fler behöriga lärare."
    assert set(commitments.vision_statements) == set(AREAS)


def _problems(change) -> list[tuple[str, str]]:
    data = good()
    change(data)
    commitments, problems = parse_commitments(data, file="vp.yaml", vision_areas=AREAS, max_goals=3)
    if any(p.severity is Severity.ERROR for p in problems):
        assert commitments is None
    return [(p.code, p.field) for p in problems]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["goals"].append(18), [("unknown_goal", "goals[3]")]),
        (lambda d: d["goals"].append("Hälsa och välbefinnande"), [("duplicate_goal", "goals[3]")]),
        (
            lambda d: (d["goals"].append(5), d["contributions"].update({5: "x"})),
            [("too_many_goals", "goals")],
        ),
        (lambda d: d["contributions"].pop(3), [("missing_statement", "contributions.3")]),
        (
            lambda d: d["contributions"].update({7: "Solceller"}),
            [("statement_for_unchosen_goal", "contributions.7")],
        ),
        (lambda d: d["contributions"].update({3: "  "}), [("empty_statement", "contributions.3")]),
        (lambda d: d["vision"].pop("service"), [("missing_statement", "vision.service")]),
        (lambda d: d["vision"].update({"miljo": "x"}), [("unknown_vision_area", "vision.miljo")]),
        (lambda d: d.update({"budget": 1}), [("unknown_field", "budget")]),
        (
            lambda d: d.update({"goals": "3, 4"}),
            [
                ("wrong_type", "goals"),
                ("no_goals", "goals"),
                ("statement_for_unchosen_goal", "contributions.3"),
                ("statement_for_unchosen_goal", "contributions.4"),
                ("statement_for_unchosen_goal", "contributions.10"),
            ],
        ),
    ],
)
def test_each_bad_field_is_named(change, expected: list[tuple[str, str]]) -> None:
    assert _problems(change) == expected


def test_no_goals_chosen_is_a_warning() -> None:
    data = {"goals": [], "vision": good()["vision"]}
    commitments, problems = parse_commitments(data, file="vp.yaml", vision_areas=AREAS)
    assert commitments is not None and commitments.goals == ()
    assert [(p.code, p.severity) for p in problems] == [("no_goals", Severity.WARNING)]


def test_not_a_mapping() -> None:
    commitments, problems = parse_commitments([1, 2], file="vp.json", vision_areas=AREAS)
    assert commitments is None and problems[0].code == "wrong_type"


VP_YAML = """\
goals: [3, 4, 21]
vision:
  tillvaxt: Fler i arbete.
contributions:
  3: Hälsofrämjande skola.
  4: ""
"""


def test_problems_name_the_line_of_the_file() -> None:
    commitments, problems = read_commitments(VP_YAML, file="vp.yaml", vision_areas=AREAS)
    assert commitments is None
    assert [(p.code, p.line, p.field, p.severity) for p in problems] == [
        ("unknown_goal", 1, "goals[2]", Severity.ERROR),
        ("empty_statement", 6, "contributions.4", Severity.ERROR),
        ("missing_statement", 2, "vision.service", Severity.WARNING),
    ]


def test_syntax_errors_and_json() -> None:
    _, problems = read_commitments("goals: [3\n", file="vp.yaml", vision_areas=AREAS)
    assert [(p.code, p.line) for p in problems] == [("yaml_syntax", 2)]
    text = (
        '{"goals": [13], "vision": {"tillvaxt": "a", "service": "b"}, "contributions": {"13": "c"}}'
    )
    commitments, problems = read_commitments(text, file="vp.json", vision_areas=AREAS)
    assert problems == [] and commitments is not None and commitments.goals == (13,)


def test_coverage_flags_every_gap() -> None:
    full, _ = parse_commitments(good(), file="a", vision_areas=AREAS)
    partial = Commitments((4,), {4: "x"}, {"tillvaxt": "y"})
    none = Commitments((), {}, {"tillvaxt": "z"})
    result = coverage(
        [
            NamndCommitments("BUN", "Barn- och utbildningsnämnden", full, 1),
            NamndCommitments("SOC", "Socialnämnden", partial, 2),
            NamndCommitments("MBN", "Miljö- och byggnämnden", none, 1),
            NamndCommitments("KS", "Kommunstyrelsen", None),
        ],
        (*AREAS, "ekonomi"),
    )
    assert result.goal_counts[4] == 2 and result.goal_counts[3] == 1
    assert sum(result.goal_counts.values()) == 4 and len(result.goal_counts) == 17
    assert result.covers("BUN", "service") and not result.covers("SOC", "service")
    assert [(g.kind, g.body, g.area) for g in result.gaps] == [
        ("area_missing", "BUN", "ekonomi"),
        ("area_missing", "SOC", "service"),
        ("area_missing", "SOC", "ekonomi"),
        ("no_goals", "MBN", ""),
        ("area_missing", "MBN", "service"),
        ("area_missing", "MBN", "ekonomi"),
        ("not_handed_in", "KS", ""),
        ("area_uncovered", "", "ekonomi"),
    ]
