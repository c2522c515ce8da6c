"""A nämnd's assessments of its commitments: the scale and its names, every bad field
named with its line, the form's fields read as the same document."""

from __future__ import annotations

import pytest

from arshjul.core.assessments import (
    Level,
    Scale,
    as_yaml,
    document_from_fields,
    parse_assessments,
    read_assessments,
)
from arshjul.core.commitments import CommitmentKind, CommitmentRef, Commitments
from arshjul.core.indicators import Direction, Indicator

GOAL_4 = CommitmentRef(CommitmentKind.GOAL, "4")
TILLVAXT = CommitmentRef(CommitmentKind.VISION, "tillvaxt")
COMMITMENTS = Commitments(
    goals=(4, 10),
    goal_statements={4: "Fler behöriga lärare.", 10: "Kompensatorisk skola."},
    vision_statements={"tillvaxt": "Vuxenutbildning."},
    indicators={GOAL_4: (Indicator("N15419", "Behöriga lärare", "%", 80.0, Direction.HIGHER),)},
)
GOOD = """\
goals:
  4:
    assessment: delvis uppfyllt
    comment: Fler lärare, men inte nog.
    indicators: {N15419: "71,5"}
  10: {assessment: inte uppfyllt}
vision:
  tillvaxt: {assessment: Uppfyllt}
"""


def read(text: str, **kw: object) -> tuple[object, list[tuple[str, int | None, str]]]:
    found, problems = read_assessments(
        text, file="t1.yaml", commitments=COMMITMENTS, scale=Scale(), **kw
    )
    return found, [(p.code, p.line, p.field) for p in problems]


def test_a_good_file_reads_in_commitment_order() -> None:
    found, problems = read(GOOD)
    assert problems == []
    assert found is not None
    assert [(a.ref.path, a.level, a.values) for a in found] == [
        ("goals.10", Level.NOT_MET, ()),
        ("goals.4", Level.PARTLY_MET, (("N15419", 71.5),)),
        ("vision.tillvaxt", Level.MET, ()),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a goal the nämnd did not choose
        (
            GOOD.replace("vision:", "  3: {assessment: uppfyllt}\nvision:"),
            [("not_a_chosen_goal", 7, "goals.3")],
        ),
        # an area it made no statement for
        (GOOD.replace("tillvaxt:", "service:"), [("not_a_covered_area", 8, "vision.service")]),
        # a value that is not a number
        (GOOD.replace('"71,5"', "tolv"), [("not_a_number", 5, "goals.4.indicators.N15419")]),
        # a value for an indicator the commitment does not name
        (
            GOOD.replace("N15419:", "N00945:"),
            [("unknown_indicator", 5, "goals.4.indicators.N00945")],
        ),
        # not on the scale
        (
            GOOD.replace("delvis uppfyllt", "nästan"),
            [("unknown_assessment", 3, "goals.4.assessment")],
        ),
        (
            GOOD.replace("  10: {assessment: inte uppfyllt}", "  10: {comment: x}"),
            [("missing_field", 6, "goals.10.assessment")],
        ),
        # a comment over the limit
        (
            GOOD.replace("Fler lärare, men inte nog.", "x" * 1001),
            [("comment_too_long", 4, "goals.4.comment")],
        ),
        (
            GOOD.replace("Fler lärare, men inte nog.", '"a\\x07b"'),
            [("control_character", 4, "goals.4.comment")],
        ),
        (GOOD + "mål: {}\n", [("unknown_field", 9, "mål")]),
        (
            GOOD.replace("    comment:", "    kommentar:"),
            [("unknown_field", 4, "goals.4.kommentar")],
        ),
        ("goals: [4]\n", [("wrong_type", 1, "goals")]),
        ("- 4\n", [("wrong_type", 1, "")]),
        ("goals:\n  4: {assessment: x\n", [("yaml_syntax", 3, "")]),
        ("goals: &a {4: *a}\n", [("yaml_syntax", 1, "")]),  # aliases refused
    ],
)
def test_each_bad_field_is_named_with_its_line(
    text: str, expected: list[tuple[str, int, str]]
) -> None:
    found, problems = read(text)
    assert found is None
    assert problems == expected


def test_the_comment_limit_is_configurable() -> None:
    text = GOOD.replace("Fler lärare, men inte nog.", "x" * 60)
    assert read(text, comment_chars=50)[1] == [("comment_too_long", 4, "goals.4.comment")]
    assert read(text, comment_chars=60)[1] == []


def test_a_commitment_left_out_is_a_warning() -> None:
    found, problems = read(GOOD.replace("  10: {assessment: inte uppfyllt}\n", ""))
    assert found is not None and problems == [("not_assessed", None, "goals.10")]


def test_levels_by_key_name_or_configured_name() -> None:
    scale = Scale(("Grön", "Gul", "Röd", "Grå"))
    assert [scale.name(level) for level in Level] == ["Grön", "Gul", "Röd", "Grå"]
    assert scale.level_of("gul") is Level.PARTLY_MET
    assert scale.level_of("Delvis  uppfyllt") is Level.PARTLY_MET  # the defaults still read
    assert scale.level_of("partly_met") is Level.PARTLY_MET
    assert scale.level_of("Cannot be assessed") is Level.NOT_ASSESSABLE
    assert scale.level_of("orange") is None and scale.level_of(3) is None
    assert Scale().name(Level.NOT_ASSESSABLE, "en") == "Cannot be assessed"
    assert Scale().name(Level.MET) == "Uppfyllt"


def test_the_forms_fields_are_the_same_document() -> None:
    fields = {
        "csrf": "x",
        "goals.4.assessment": "partly_met",
        "goals.4.comment": "Fler lärare",
        "goals.4.indicators.N15419": "71,5",
        "goals.10.assessment": "",  # left wholly empty: not given
        "goals.10.comment": "",
        "vision.tillvaxt.assessment": "",  # a comment without a level: asked for
        "vision.tillvaxt.comment": "Oklart",
    }
    document = document_from_fields(fields)
    assert document == {
        "goals": {
            "4": {
                "assessment": "partly_met",
                "comment": "Fler lärare",
                "indicators": {"N15419": "71,5"},
            }
        },
        "vision": {"tillvaxt": {"assessment": "", "comment": "Oklart"}},
    }
    found, problems = parse_assessments(
        document, file="formulär", commitments=COMMITMENTS, scale=Scale()
    )
    assert found is None
    assert [(p.code, p.field) for p in problems] == [
        ("unknown_assessment", "vision.tillvaxt.assessment")
    ]
    assert document_from_fields({"goals.4.assessment": ""}) == {}


def test_a_prefilled_file_reads_back() -> None:
    found, _ = read(GOOD)
    assert found is not None
    given = {a.ref: a for a in found}
    rows = [
        (ref, "titel", given.get(ref), ("N15419",) if ref == GOAL_4 else ())
        for ref in COMMITMENTS.refs()
    ]
    text = as_yaml(rows, Scale())
    again, problems = read(text)
    assert problems == [] and again == found
