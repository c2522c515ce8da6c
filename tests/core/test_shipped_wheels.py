"""The shipped wheels besides Timrå: Karlstad (frames from December, budget in June,
tertial follow-up, a kommunledningsutskott), Malmö (budget in November on a published
KF calendar), Uppsala (planeringsdirektiv, a two-day budget meeting, bolag, gemensamma
nämnder, a December budget by the new KF in an election year) and Östersund (frames in
February–March, the budget in September, an optional November revision). Each validates
and lints without errors for every budget year 2019–2035, on business days, with some of
their dates pinned to the public sources cited in the files."""

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


def test_five_wheels_are_shipped() -> None:
    assert {"timra", "karlstad", "malmo", "uppsala", "ostersund"} <= set(shipped())


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
    assert {"timra", "karlstad", "malmo", "uppsala", "ostersund"} <= set(rows)
    assert rows["timra"]["municipality"] == "2262 Timrå kommun"
    assert all(row["errors"] == 0 and row["failing_years"] == [] for row in rows.values())
    assert rows["malmo"]["kf_budget"] == "2018-11-22"  # budget year 2019, the first checked
    table = runner.invoke(app, ["--lang", "en", "wheels", "--from", "2020", "--to", "2021"])
    assert "Shipped cycle templates, checked for budget years 2020–2021" in table.stdout
    bad = runner.invoke(app, ["wheels", "--from", "2030", "--to", "2020"])
    assert bad.exit_code == 1 and "ange --from före --to" in bad.stderr


# Uppsala and Östersund: a December budget in an election year is lawful under KL 11 kap.
# 11 § with the tax rate set in November, and the check says so with a warning.
ELECTION_WARNINGS = {
    "uppsala": [
        ("law_kf_budget_december", "kf-budget", "KL 11 kap. 11 §"),
        ("law_ks_budget_november", "ks-budget", "KL 11 kap. 8 §"),
    ],
    "ostersund": [("law_kf_budget_december", "kf-budget-valar", "KL 11 kap. 11 §")],
}


@pytest.mark.parametrize("name", ["uppsala", "ostersund"])
@pytest.mark.parametrize("year", range(2019, 2036))
def test_the_large_wheels_plan_within_the_law_and_warn_only_in_election_years(
    name: str, year: int
) -> None:
    result = check(name, year)
    assert result.problems == [], result.problems
    assert result.template is not None and result.plan is not None
    found = [(f.code, f.subject, f.source) for f in law_check(result.template, result.plan)]
    election = (year - 1 - 2018) % 4 == 0
    assert found == (ELECTION_WARNINGS[name] if election else [])
    assert result.law_errors == []
    for milestone in result.plan.milestones:
        assert is_business_day(milestone.deadline.date), (year, milestone.key)


def span(planned, key: str) -> tuple[str, str]:
    meeting = planned.meeting(key)
    return meeting.date.date.isoformat(), meeting.last_day.isoformat()


@pytest.mark.parametrize(
    ("year", "key", "days"),
    [
        (2016, "kf-budget", ("2015-11-02", "2015-11-03")),  # "2–3 november"
        (2017, "kf-budget", ("2016-11-07", "2016-11-08")),  # "7–8 november 2016"
        (2018, "kf-budget", ("2017-11-06", "2017-11-07")),  # "6–7 november 2017"
        (2022, "kf-budget", ("2021-11-08", "2021-11-09")),  # "8-9 november"
        (2025, "kf-budget", ("2024-11-04", "2024-11-05")),  # "Måndag 4 november", "Tisdag 5"
        (2019, "kf-budget-valar", ("2018-12-10", "2018-12-11")),  # "10–11 december 2018"
        (2023, "kf-budget-valar", ("2022-12-12", "2022-12-13")),  # "12–13 december"
        (2016, "ks-budget", ("2015-10-14", "2015-10-14")),  # KS "14 oktober"
        (2023, "ks-budget-valar", ("2022-11-23", "2022-11-23")),  # KS "idag 23 november"
    ],
)
def test_uppsala_budget_meetings_as_published(year: int, key: str, days: tuple[str, str]) -> None:
    assert span(plan_of("uppsala", year), key) == days


def test_uppsala_in_an_election_year_decides_in_december_with_the_tax_rate_in_november() -> None:
    planned = plan_of("uppsala", 2023)  # prepared in 2022
    assert planned.milestone("kf-budget").deadline.date == D("2022-12-13")
    assert planned.milestone("kf-skattesats").law == "kf_tax_rate"
    assert planned.milestone("kf-skattesats").deadline.date <= D("2022-11-30")
    assert planned.milestone("ks-skattesats").deadline.date <= D("2022-10-31")
    assert "kf-skattesats" not in {m.key for m in plan_of("uppsala", 2022).milestones}


def test_uppsala_remiss_bolag_and_gemensamma_namnder() -> None:
    result = check("uppsala", 2022)
    assert result.template is not None
    planned = plan_of("uppsala", 2022)
    remiss = planned.milestone("yttrande")
    assert "KS" not in remiss.responsible  # no remiss to KS on its own proposal
    assert {"UBN", "RAN", "OFN", "STADSHUS", "UHEM"} <= set(remiss.responsible)
    assert "VAL" not in remiss.responsible
    # one month from 1 September 2021, a Wednesday (Lag 1930:173, 1 §): 1 October
    assert remiss.deadline.date == D("2021-10-01")
    rn = result.template.body("RAN")
    assert rn.kind == "gemensam_namnd" and result.template.hosts(rn)
    assert [p.name for p in rn.partners] == ["Tierps kommun", "Östhammars kommun"]
    assert planned.milestone("samrad-gemensamma").law == "joint_budget_consultation"
    follow_up = planned.milestone("uppfoljning-mars-april")
    assert follow_up.period_parts == (("ekonomi", 3), ("verksamhet", 4))
    own = {m.key: m.deadline.date.isoformat() for m in plan_of("uppsala", 2021).milestones}
    assert own["verksamhetsplan@KS"] == "2020-12-16"  # KS 16 December 2020
    assert own["verksamhetsplan@STADSHUS"] == "2020-12-18"  # 20 Dec a Sunday


@pytest.mark.parametrize(
    ("year", "key", "expected"),
    [
        (2025, "kf-budget", "2024-09-26"),  # published KF dates for 2024
        (2025, "kf-revidering", "2024-11-21"),
        (2025, "kf-ramar", "2024-03-21"),
        (2027, "ks-ramar", "2026-02-10"),  # published KS dates for 2026
        (2027, "kf-budget-valar", "2026-12-15"),
        (2023, "ks-budget-valar", "2022-12-06"),  # KS 6 December 2022
        (2023, "kf-budget-valar", "2022-12-20"),  # KF 20 December 2022
        (2018, "ks-delar", "2018-10-09"),  # KS 9 October 2018, the delårsrapport
        (2023, "ks-delar", "2023-10-10"),  # KS 10 October 2023
    ],
)
def test_ostersund_dates_as_published(year: int, key: str, expected: str) -> None:
    assert plan_of("ostersund", year).milestone(key).deadline.date == D(expected)


def test_ostersund_two_step_budget_and_optional_revision() -> None:
    normal, election = plan_of("ostersund", 2025), plan_of("ostersund", 2023)
    assert normal.milestone("kf-ramar").law == "kf_budget_frames"
    assert normal.milestone("kf-budget").law == "kf_budget"
    assert election.milestone("kf-budget").law == "kf_budget_frames"  # the old council's
    assert election.milestone("kf-budget-valar").law == "kf_budget"
    assert normal.milestone("kf-revidering").optional is True
    assert "kf-revidering" not in {m.key for m in election.milestones}
    april = normal.milestone("ks-uppfoljning-april")
    assert april.depends_on == ("uppfoljning@2025-04",)  # not the August report
    assert normal.milestone("ks-delar").depends_on == ("uppfoljning@2025-08", "bolag-delar")
