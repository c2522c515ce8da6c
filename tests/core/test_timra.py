"""The shipped Timrå template encodes the source document's plan on business days."""

from __future__ import annotations

import datetime as dt

import pytest

from arshjul.core.calendar import is_business_day
from arshjul.services.planning import check

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def plan2020():
    result = check("timra", 2020)
    assert result.ok, result.problems
    assert result.problems == []  # not even warnings
    return result.plan


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("styrmodell-form", "2019-01-22"),  # KS in January
        ("planeringsforutsattningar", "2019-02-28"),  # February
        ("utvecklingsdagar", "2019-02-28"),
        ("politikerutbildning", "2019-02-28"),
        ("styrdokument-utkast", "2019-04-15"),  # March–April
        ("nya-mallar", "2019-04-15"),
        ("samverkan-budget", "2019-05-03"),  # staff and unions, May
        ("budgetunderlag", "2019-05-09"),  # budget work in May
        ("ks-budget", "2019-05-21"),  # KS in May
        ("kf-budget", "2019-06-17"),  # KF in June
        ("internkontrollplan", "2019-12-30"),  # nyårsafton is not a business day
        ("delarsrapport-namnd", "2020-09-18"),  # 20 September 2020 is a Sunday
        ("arsredovisning-ks", "2021-03-16"),
        ("kungorelse-kf-jun", "2019-06-07"),  # ten days before KF, on a Friday
    ],
)
def test_timra_2020_dates(plan2020, key: str, expected: str) -> None:
    assert plan2020.milestone(key).deadline.date == D(expected)


def test_timra_2020_months_follow_the_source_document(plan2020) -> None:
    month = {m.key: m.deadline.date.month for m in plan2020.milestones}
    assert month["planeringsforutsattningar"] == 2
    assert month["budgetunderlag"] == 5
    assert month["ks-budget"] == 5
    assert month["kf-budget"] == 6


def test_staff_and_unions_are_engaged_in_every_namnd(plan2020) -> None:
    assert plan2020.milestone("samverkan-budget").responsible == (
        "KS",
        "BUN",
        "KTN",
        "MBN",
        "SN",
        "VN",
    )


@pytest.mark.parametrize("year", range(2019, 2036))
def test_timra_plans_every_year_on_business_days_within_the_law(year: int) -> None:
    from arshjul.core.law import check as law_check

    result = check("timra", year)
    assert result.problems == [], result.problems  # not even a warning
    assert result.template is not None and result.plan is not None
    assert law_check(result.template, result.plan) == []
    assert result.plan is not None
    for milestone in result.plan.milestones:
        assert is_business_day(milestone.deadline.date), (year, milestone.key)


def test_vision_areas_are_labelled_as_examples() -> None:
    template = check("timra", 2020).template
    assert template is not None
    assert template.vision.areas_are_examples
    assert len(template.vision.areas) == 5
    assert all("exempel" in area.name for area in template.vision.areas)


@pytest.mark.parametrize(
    ("year", "ks", "kf"), [(2023, "2022-10-25", "2022-11-30"), (2027, "2026-10-23", "2026-11-30")]
)
def test_budgets_prepared_in_an_election_year_are_set_by_the_new_council(
    year: int, ks: str, kf: str
) -> None:
    result = check("timra", year)
    assert result.plan is not None
    assert result.plan.milestone("ks-budget").deadline.date == D(ks)
    assert result.plan.milestone("kf-budget").deadline.date == D(kf)  # after 15 October
