"""Who stands in for whom on a day, who a notice goes to, and what a period may not be."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from arshjul.core.stand_ins import Period, covering, redirected, stand_in_problem

D = dt.date


@dataclass(frozen=True)
class Person:
    email: str


ANNA, BERIT, CARL = Person("anna@x.se"), Person("berit@x.se"), Person("carl@x.se")


def test_a_period_covers_its_first_and_last_day() -> None:
    period = Period("anna@x.se", "berit@x.se", D(2019, 9, 2), D(2019, 9, 20))
    assert [
        period.covers(d) for d in (D(2019, 9, 1), D(2019, 9, 2), D(2019, 9, 20), D(2019, 9, 21))
    ] == [False, True, True, False]


def test_the_later_period_wins_where_two_overlap() -> None:
    periods = [
        Period("Anna@x.se", "berit@x.se", D(2019, 9, 1), D(2019, 9, 30)),
        Period("anna@x.se", "carl@x.se", D(2019, 9, 15), D(2019, 9, 20)),
    ]
    assert covering(periods, D(2019, 9, 10)) == {"anna@x.se": "berit@x.se"}
    assert covering(periods, D(2019, 9, 16)) == {"anna@x.se": "carl@x.se"}
    assert covering(periods, D(2019, 10, 1)) == {}


@pytest.mark.parametrize(
    ("copy_absent", "expected"), [(True, [ANNA, BERIT, CARL]), (False, [BERIT, CARL])]
)
def test_a_notice_goes_to_the_stand_in(copy_absent: bool, expected: list[Person]) -> None:
    # Berit stands in for Anna and is a secretary herself: she gets it once
    got = redirected([ANNA, BERIT, CARL], {"anna@x.se": BERIT}, copy_absent=copy_absent)
    assert got == expected


@pytest.mark.parametrize(
    ("absent", "by", "first", "last", "reason", "problem"),
    [
        ("anna@x.se", "berit@x.se", D(2019, 9, 2), D(2019, 9, 20), "Semester", None),
        ("anna@x.se", "anna@x.se", D(2019, 9, 2), D(2019, 9, 20), "", ("by", "stand_in_self")),
        (
            "anna@x.se",
            "Berit <b@x.se>",
            D(2019, 9, 2),
            D(2019, 9, 20),
            "",
            ("by", "stand_in_bad_address"),
        ),
        (
            "a@x.se, b@x.se",
            "berit@x.se",
            D(2019, 9, 2),
            D(2019, 9, 20),
            "",
            ("for", "stand_in_bad_address"),
        ),
        (
            "anna@x.se",
            "berit@x.se",
            D(2019, 9, 20),
            D(2019, 9, 2),
            "",
            ("until", "stand_in_ends_before"),
        ),
        (
            "anna@x.se",
            "berit@x.se",
            D(2019, 8, 1),
            D(2019, 8, 30),
            "",
            ("until", "stand_in_in_past"),
        ),
        (
            "anna@x.se",
            "berit@x.se",
            D(2019, 9, 2),
            D(2020, 9, 20),
            "",
            ("until", "stand_in_too_long"),
        ),
        (
            "anna@x.se",
            "berit@x.se",
            D(2019, 9, 2),
            D(2019, 9, 20),
            "x" * 301,
            ("reason", "stand_in_reason_too_long"),
        ),
    ],
)
def test_what_a_period_may_not_be(absent, by, first, last, reason, problem) -> None:
    assert stand_in_problem(absent, by, first, last, D(2019, 9, 1), reason) == problem
