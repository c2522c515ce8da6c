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
        ("styrmodell-form", "2019-01-22"),  # KS in January, the new board's first meeting
        ("planeringsforutsattningar", "2019-02-28"),  # February
        ("utvecklingsdagar", "2019-02-28"),
        ("politikerutbildning", "2019-02-28"),
        ("styrdokument-utkast", "2019-04-15"),  # March–April
        ("nya-mallar", "2019-04-30"),
        ("ks-styrdokument", "2019-05-21"),  # the styrdokument in KS in May
        ("kf-styrdokument", "2019-06-17"),  # and in KF in June
        ("budgetarbete-start", "2019-05-31"),  # budget work starts in May
        ("budgetunderlag", "2019-09-17"),  # due in the autumn, before KS's proposal
        ("ks-budget", "2019-10-29"),  # KS proposes before the end of October
        ("kf-budget", "2019-11-25"),  # KF adopts in November, the old timetable
        ("kf-revisionen-budget", "2019-11-25"),  # the auditors' budget at the same meeting
        ("kungorelse-kf@kf-budget", "2019-11-11"),  # two weeks before, as on 13 Nov 2017
        ("internkontrollplan", "2019-12-30"),  # nyårsafton is not a business day
        ("tertialuppfoljning@2020-04", "2020-05-15"),
        ("delarsrapport-namnd", "2020-09-18"),  # 20 September 2020 is a Sunday
        ("delarsrapport-kf", "2020-11-30"),
        ("arsredovisning-ks", "2021-03-09"),
        ("ansvarsfrihet", "2021-06-21"),
    ],
)
def test_timra_2020_dates(plan2020, key: str, expected: str) -> None:
    assert plan2020.milestone(key).deadline.date == D(expected)


def test_the_old_timetable_is_named_only_for_the_2020_budget() -> None:
    titles = {}
    for year in (2020, 2021, 2027):
        found = check("timra", year).plan
        assert found is not None
        titles[year] = {m.title for m in found.milestones if m.title.startswith("Budgetarbetet")}
    assert titles[2020] == {"Budgetarbetet inleds enligt den gamla tidsplanen"}
    assert titles[2021] == titles[2027] == {"Budgetarbetet inleds"}


def test_the_june_decision_is_the_styrdokument_and_the_budget_is_adopted_in_november(
    plan2020,
) -> None:
    budget = plan2020.milestone("kf-budget")
    assert budget.law == "kf_budget" and budget.deadline.date.month == 11
    assert plan2020.milestone("kf-styrdokument").law is None
    gated = {m.key: m.opens_on_decision for m in plan2020.milestones if m.opens_on_decision}
    assert gated == {"samverkan-verksamhetsplan": "kf-budget", "verksamhetsplan": "kf-budget"}


def test_the_2019_transition_steps_happen_once() -> None:
    one_off = {
        "styrmodell-form",
        "ledning-samverkan-start",
        "utvecklingsdagar",
        "styrdokument-utkast",
        "nya-mallar",
        "ks-styrdokument",
        "kf-styrdokument",
    }
    for year in (2021, 2022, 2025, 2035):
        planned = check("timra", year).plan
        assert planned is not None
        assert one_off.isdisjoint(m.key for m in planned.milestones), year


@pytest.mark.parametrize(
    ("year", "trained"), [(2020, True), (2021, False), (2023, False), (2024, True), (2028, True)]
)
def test_politicians_are_trained_and_ks_is_new_after_each_election(
    year: int, trained: bool
) -> None:
    planned = check("timra", year).plan
    assert planned is not None
    keys = {m.key for m in planned.milestones}
    assert ("politikerutbildning" in keys) is trained
    assert any(m.key == "ks-ny" for m in planned.meetings) is trained


def test_staff_and_unions_are_engaged_in_every_namnd_but_valnamnden(plan2020) -> None:
    assert plan2020.milestone("samverkan-budget").responsible == ("KS", "BUN", "KTN", "MBN", "SN")


def test_the_auditors_budget_is_prepared_by_kfs_presidium(plan2020) -> None:
    assert plan2020.milestone("revisionen-budget-forslag").responsible == ("KFP",)


def test_every_kf_meeting_of_the_year_is_announced_and_justified(plan2020) -> None:
    kf_2019 = [m.key for m in plan2020.meetings if m.body == "KF" and m.date.date.year == 2019]
    assert len(kf_2019) == 5
    for meeting in kf_2019:
        notice = plan2020.milestone(f"kungorelse-kf@{meeting}")
        held = next(m for m in plan2020.meetings if m.key == meeting).date.date
        assert (held - notice.deadline.date).days >= 7
        assert plan2020.milestone(f"justering-kf@{meeting}").deadline.date > held


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
    ("year", "ks", "kf"), [(2023, "2022-10-25", "2022-11-28"), (2027, "2026-10-27", "2026-11-30")]
)
def test_budgets_prepared_in_an_election_year_are_set_by_the_new_council_at_a_meeting(
    year: int, ks: str, kf: str
) -> None:
    result = check("timra", year)
    assert result.plan is not None
    assert result.plan.milestone("ks-budget").deadline.date == D(ks)
    kf_budget = result.plan.milestone("kf-budget")
    assert kf_budget.deadline.date == D(kf)  # after 15 October, on the November meeting
    kf_meetings = {m.date.date for m in result.plan.meetings if m.body == "KF"}
    assert kf_budget.deadline.date in kf_meetings
    first = result.plan.milestone("kf-konstituerande").deadline.date
    assert D(f"{year - 1}-10-15") <= first < kf_budget.deadline.date
