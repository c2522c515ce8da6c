"""Indicators: numbers as people write them, targets in either direction, the indicators a
commitment names, and values in Kolada's API format and in CSV, each bad one named."""

from __future__ import annotations

import json

import pytest

from arshjul.core.commitments import CommitmentKind, CommitmentRef, read_commitments
from arshjul.core.indicator_files import MAX_CHARS, parse_csv, parse_kolada, too_deep
from arshjul.core.indicators import (
    Direction,
    Indicator,
    format_number,
    meets_target,
    parse_number,
)


@pytest.mark.parametrize(
    ("given", "number"),
    [
        (3, 3.0),
        (78.5, 78.5),
        ("78,5", 78.5),
        ("78.5", 78.5),
        ("1 234", 1234.0),
        ("1\u00a0234,25", 1234.25),
        ("\u22123", -3.0),
        (" -0,5 ", -0.5),
        ("tolv", None),
        ("12,5,3", None),
        ("1e9", None),
        ("", None),
        (True, None),
        (None, None),
        (float("nan"), None),
        (float("inf"), None),
        (1e16, None),
    ],
)
def test_numbers_as_people_write_them(given: object, number: float | None) -> None:
    assert parse_number(given) == number


@pytest.mark.parametrize(
    ("direction", "target", "value", "meets"),
    [
        (Direction.HIGHER, 80.0, 80.0, True),
        (Direction.HIGHER, 80.0, 79.9, False),
        (Direction.LOWER, 12.0, 11.0, True),
        (Direction.LOWER, 12.0, 13.0, False),
        (Direction.HIGHER, None, 10.0, None),
        (Direction.HIGHER, 80.0, None, None),
    ],
)
def test_a_target_in_either_direction(
    direction: Direction, target: float | None, value: float | None, meets: bool | None
) -> None:
    assert meets_target(Indicator("x", "x", "", target, direction), value) is meets


def test_numbers_are_written_back_the_swedish_way() -> None:
    assert [format_number(v) for v in (80.0, 71.5, -0.25, 1234.5678)] == [
        "80",
        "71,5",
        "-0,25",
        "1234,5678",
    ]


VP = """\
goals: [4]
vision: {tillvaxt: Vuxenutbildning.}
contributions: {4: Fler behöriga lärare.}
indicators:
  4:
    - {kolada: N15419, target: "80", direction: högre}
    - {key: vantetid, name: Väntetid i dagar, unit: dagar, target: 30, direction: lower}
  tillvaxt:
    - {kolada: N00945}
"""


def test_a_commitment_names_kolada_and_local_indicators() -> None:
    commitments, problems = read_commitments(VP, file="vp.yaml", vision_areas=("tillvaxt",))
    assert problems == [] and commitments is not None
    assert commitments.indicators == {
        CommitmentRef(CommitmentKind.GOAL, "4"): (
            Indicator("N15419", "N15419", "", 80.0, Direction.HIGHER),
            Indicator("vantetid", "Väntetid i dagar", "dagar", 30.0, Direction.LOWER),
        ),
        CommitmentRef(CommitmentKind.VISION, "tillvaxt"): (Indicator("N00945", "N00945"),),
    }
    assert all(
        i.kolada for i in commitments.indicators[CommitmentRef(CommitmentKind.VISION, "tillvaxt")]
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("  4:\n", "  10:\n"), ("indicators_for_unchosen", 5, "indicators.10")),
        (("N15419, ", "N1541, "), ("bad_kolada_id", 6, "indicators.4[0].kolada")),
        (('target: "80"', "target: åttio"), ("not_a_number", 6, "indicators.4[0].target")),
        (("direction: högre", "direction: upp"), ("bad_choice", 6, "indicators.4[0].direction")),
        (("{key: vantetid, ", "{"), ("indicator_kind", 7, "indicators.4[1]")),
        (
            ("kolada: N15419, ", "kolada: N15419, key: x, "),
            ("indicator_kind", 6, "indicators.4[0]"),
        ),
        (("key: vantetid", "key: Väntetid"), ("bad_indicator_key", 7, "indicators.4[1].key")),
        (("name: Väntetid i dagar, ", ""), ("missing_field", 7, "indicators.4[1].name")),
        (
            ("kolada: N00945", "kolada: N15419"),
            None,
        ),  # fine: other commitment
        (("key: vantetid", "kolada: N15419"), ("duplicate_indicator", 7, "indicators.4[1]")),
        (("    - {kolada: N00945}", "    N00945"), ("wrong_type", 8, "indicators.tillvaxt")),
    ],
)
def test_each_bad_indicator_is_named(
    change: tuple[str, str], expected: tuple[str, int, str] | None
) -> None:
    text = VP.replace(*change)
    assert text != VP
    commitments, problems = read_commitments(text, file="vp.yaml", vision_areas=("tillvaxt",))
    found = [(p.code, p.line, p.field) for p in problems]
    assert found == ([expected] if expected else [])
    assert (commitments is None) is (expected is not None)


# Kolada's API format (api.kolada.se/v2/data/kpi/{kpi}/municipality/{id}) ----------------


def kolada(*records: dict[str, object], **extra: object) -> str:
    return json.dumps({"count": len(records), "values": list(records), **extra})


def record(period: object = 2019, value: object = 72.1, **kw: object) -> dict[str, object]:
    return {
        "kpi": "N00945",
        "municipality": "2262",
        "period": period,
        "values": [
            {"count": 1, "gender": "T", "status": "", "value": value},
            {"count": 1, "gender": "K", "status": "", "value": 70.0},
            {"count": 1, "gender": "M", "status": "", "value": 74.0},
        ],
    } | kw


def test_a_kolada_answer_gives_the_totals() -> None:
    text = kolada(record(2018, 70.4), record("2019", 72.1), record(2020, None))
    parsed = parse_kolada(text, file="n00945.json", municipality="2262", kpi="N00945")
    assert parsed.problems == []
    assert [(v.indicator, v.period, v.value) for v in parsed.values] == [
        ("N00945", 2018, 70.4),
        ("N00945", 2019, 72.1),
    ]
    assert parsed.skipped == 7  # 2020's total has no value; six per-gender values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (kolada(record(municipality="1860")), ("other_municipality", "values[0].municipality")),
        (kolada(record(kpi="N01951")), ("other_kpi", "values[0].kpi")),
        (kolada(record(value="tolv")), ("not_a_number", "values[0].values[0].value")),
        (kolada(record(period="2019-01")), ("bad_period", "values[0].period")),
        (kolada(record(2019), record(2019)), ("duplicate_period", "values[1].values[0]")),
        (kolada(record(values={"T": 1})), ("wrong_type", "values[0].values")),
        (json.dumps({"values": {"a": 1}}), ("wrong_type", "values")),
        ('{"values": [', ("json_syntax", "")),
        ("[" * 50 + "]" * 50, ("too_deep", "")),
    ],
)
def test_each_bad_kolada_record_is_named(text: str, expected: tuple[str, str]) -> None:
    parsed = parse_kolada(text, file="k.json", municipality="2262", kpi="N00945")
    assert [(p.code, p.field) for p in parsed.problems] == [expected]
    assert parsed.failed


def test_a_kolada_file_is_bounded_before_it_is_read() -> None:
    parsed = parse_kolada(" " * (MAX_CHARS + 1), file="k.json", municipality="2262")
    assert [p.code for p in parsed.problems] == ["too_large"]
    assert too_deep('{"a": "[[[[[[[[[[[[[["}') is False  # brackets in strings do not count
    assert too_deep("[[[[[[[[]]]]]]]]") is True


CSV = """\
indikator;år;värde;kommun
N00945;2018;70,4;2262
vantetid;2019;31;2262

N00945;2019;;2262
"""


def test_a_swedish_csv_file() -> None:
    parsed = parse_csv(CSV, file="v.csv", municipality="2262")
    assert parsed.problems == []
    assert [(v.indicator, v.period, v.value, v.where) for v in parsed.values] == [
        ("N00945", 2018, 70.4, "2"),
        ("vantetid", 2019, 31.0, "3"),
    ]
    assert parsed.skipped == 1
    comma = parse_csv("kpi,year,value\nN00945,2019,72.1\n", file="v.csv", municipality="2262")
    assert [(v.indicator, v.value) for v in comma.values] == [("N00945", 72.1)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("indicator;år;värde;kommun\nN00945;2018;sjuttio;2262\n", ("not_a_number", 2, "value")),
        (
            "indicator;år;värde;kommun\nN00945;2018;70;1860\n",
            ("other_municipality", 2, "municipality"),
        ),
        ("indicator;år;värde\nN00945;18;70\n", ("bad_period", 2, "period")),
        ("indicator;år;värde\nN00945;2018;70\nN00945;2018;71\n", ("duplicate_period", 3, "")),
        ("namn;värde\nx;1\n", ("csv_header", 1, "")),
        ("indicator;år;värde\n" + "x" * 10_001 + "\n", ("line_too_long", 2, "")),
    ],
)
def test_each_bad_csv_line_is_named(text: str, expected: tuple[str, int, str]) -> None:
    parsed = parse_csv(text, file="v.csv", municipality="2262")
    assert [(p.code, p.line, p.field) for p in parsed.problems] == [expected]
