"""The shipped wheels besides Timrå: Karlstad (frames from December, budget in June,
tertial follow-up, a kommunledningsutskott) and Malmö (budget in November on a published
KF calendar). Each validates and lints clean for every budget year 2019–2035, on business
days, with some of their dates pinned to the public sources cited in the files."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.core.calendar import is_business_day
from arshjul.core.law import check as law_check
from arshjul.cycle_templates import shipped
from arshjul.services.planning import check

D = dt.date.fromisoformat


def test_three_wheels_are_shipped() -> None:
    assert {"timra", "karlstad", "malmo"} <= set(shipped())


@pytest.mark.parametrize("name", ["karlstad", "malmo"])
@pytest.mark.parametrize("year", range(2019, 2036))
def test_each_year_plans_clean_within_the_law(name: str, year: int) -> None:
    result = check(name, year)
    assert result.problems == [], result.problems  # not even a warning
    assert result.template is not None and result.plan is not None
    assert law_check(result.template, result.plan) == []
    for milestone in result.plan.milestones:
        assert is_business_day(milestone.deadline.date), (year, milestone.key)


def plan_of(name: str, year: int):
    result = check(name, year)
    assert result.plan is not None, result.problems
    return result.plan


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("ks-budgetramar", "2019-12-03"),  # December: KS's draft frames
        ("anvisningar", "2020-01-31"),  # January: instructions to the nämnder
        ("budgetskrivelse", "2020-04-15"),  # April: the nämnder's budget letters
        ("klu-budget", "2020-05-12"),  # May: kommunledningsutskottet
        ("ks-budget", "2020-06-02"),  # June: KS
        ("kf-budget", "2020-06-18"),  # June: KF decides
        ("internbudget@BUN", "2020-12-02"),  # autumn: each nämnd at its own meeting
        ("tertialrapport-namnd@2021-04", "2021-05-17"),  # 10 business days; 13 May a holiday
        ("tertialrapport-namnd@2021-08", "2021-09-14"),
    ],
)
def test_karlstad_2021(key: str, expected: str) -> None:
    assert plan_of("karlstad", 2021).milestone(key).deadline.date == D(expected)


def test_karlstad_in_an_election_year_decides_frames_in_june_and_the_budget_in_november() -> None:
    planned = plan_of("karlstad", 2023)  # prepared in 2022
    assert planned.milestone("kf-budgetramar-valar").deadline.date == D("2022-06-16")
    assert planned.milestone("kf-budgetramar-valar").law == "kf_budget_frames"
    assert planned.milestone("ks-budget").deadline.date == D("2022-10-11")
    assert planned.milestone("kf-budget").deadline.date == D("2022-11-24")
    assert "kf-budgetramar-valar" not in {m.key for m in plan_of("karlstad", 2022).milestones}


def test_karlstad_has_an_utskott_of_ks_and_companies() -> None:
    template = check("karlstad", 2021).template
    assert template is not None
    klu = template.body("KLU")
    assert klu.kind == "utskott" and klu.part_of == "KS"
    planned = plan_of("karlstad", 2021)
    assert planned.milestone("bolagsstamma").responsible == ("STADSHUS", "ENERGI", "BOSTAD")
    assert "VN" not in planned.milestone("budgetskrivelse").responsible


@pytest.mark.parametrize(
    ("year", "budget"),
    [
        (2022, "2021-11-18"),  # the published "17-18 november (budget)"
        (2024, "2023-11-02"),  # the published "1-2 november (budget)"
        (2023, "2022-11-24"),  # 2022: no published dates, the example rule; new KF
    ],
)
def test_malmo_budget_day(year: int, budget: str) -> None:
    planned = plan_of("malmo", year)
    assert planned.milestone("kf-budget").deadline.date == D(budget)


def test_malmo_published_calendar_is_used_as_listed() -> None:
    planned = plan_of("malmo", 2022)
    kf_2021 = [m.date.date.isoformat() for m in planned.meetings if m.body == "KF"]
    assert kf_2021[:3] == ["2021-01-21", "2021-02-04", "2021-03-04"]
    assert "2021-05-20" in kf_2021 and "2021-12-21" in kf_2021
    notices = [m for m in planned.milestones if m.source_key == "kungorelse-kf"]
    assert len(notices) == len([d for d in kf_2021 if d.startswith("2021")]) == 13
    assert plan_of("malmo", 2020).milestone("kf-ar").deadline.date == D("2021-05-20")


def test_malmo_monthly_forecasts() -> None:
    planned = plan_of("malmo", 2022)
    months = sorted({m.key.split("@")[1] for m in planned.milestones if "prognos@" in m.key})
    assert months == [f"2022-{m:02d}" for m in (2, 3, 4, 5, 9, 10, 11)]


def test_the_wheels_command_lists_and_checks_them() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["wheels", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert {"timra", "karlstad", "malmo"} <= set(rows)
    assert rows["timra"]["municipality"] == "2262 Timrå kommun"
    assert all(row["errors"] == 0 and row["failing_years"] == [] for row in rows.values())
    assert rows["malmo"]["kf_budget"] == "2018-11-22"  # budget year 2019, the first checked
    table = runner.invoke(app, ["--lang", "en", "wheels", "--from", "2020", "--to", "2021"])
    assert "Shipped cycle templates, checked for budget years 2020–2021" in table.stdout
    bad = runner.invoke(app, ["wheels", "--from", "2030", "--to", "2020"])
    assert bad.exit_code == 1 and "ange --from före --to" in bad.stderr
