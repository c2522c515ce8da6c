"""The arshjul commands against a real database file, in Swedish and English."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.core.calendar import is_business_day
from tests.factories import SMALL_TEMPLATE, write


def test_validate_the_shipped_template(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "timra", "--year", "2020"])
    assert result.exit_code == 0, result.output
    assert "giltig (39 milstolpar, 72 leveranser för budgetår 2020)" in result.output


def test_validate_reports_one_error_per_line(runner: CliRunner, tmp_path: Path) -> None:
    text = SMALL_TEMPLATE.replace("responsible: KLK", "responsible: KLX").replace(
        "depends_on: [pf]", "depends_on: [nope]"
    )
    path = write(tmp_path, text)
    result = runner.invoke(app, ["validate", str(path), "--year", "2020"])
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert lines == [
        f"{path}:18: milestones[0].responsible: okänt organ 'KLX'; kända är BUN, KF, KLK, KS",
        f"{path}:25: milestones[1].depends_on[0]: okänd milstolpe 'nope'; kända är budget, "
        "kf-budget, pf",
    ]
    assert "2 fel" in result.stderr


def test_validate_in_english(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "municipality: [1, 2]\n")
    result = runner.invoke(app, ["--lang", "en", "validate", str(path)])
    assert result.exit_code == 1
    assert "wrong type: expected mapping, got list" in result.stdout


def test_validate_prints_warnings_but_passes(runner: CliRunner, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        SMALL_TEMPLATE.replace("{last_business_day_of: 2, year: -1}", '{fixed: "06-03", year: -1}'),
    )
    result = runner.invoke(app, ["validate", str(path), "--year", "2020"])
    assert result.exit_code == 0
    assert "varning: budget (" in result.stdout and "infaller före pf" in result.stdout


def test_plan_refuses_an_invalid_template_before_touching_the_database(
    runner: CliRunner, tmp_path: Path, clean_environment: Path
) -> None:
    path = write(tmp_path, SMALL_TEMPLATE.replace("kind: namnd", "kind: x"))
    result = runner.invoke(app, ["plan", str(path), "--year", "2020"])
    assert result.exit_code == 1
    assert "bodies[2].kind" in result.stderr
    assert not (clean_environment / "arshjul.db").exists()


def test_deadlines_json_for_timra_2020(runner: CliRunner, timra_2020: str) -> None:
    result = runner.invoke(app, ["deadlines", "--year", "2020", "--all", "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == 72
    assert {"milestone", "title", "body", "deadline"} <= set(records[0])
    for record in records:
        assert is_business_day(dt.date.fromisoformat(record["deadline"]))
    by_key = {(r["milestone"], r["body"]): r["deadline"] for r in records}
    assert by_key[("planeringsforutsattningar", "KLK")] == "2019-02-28"
    assert by_key[("budgetunderlag", "BUN")] == "2019-09-17"
    assert by_key[("ks-budget", "KS")] == "2019-10-29"
    assert by_key[("kf-budget", "KF")] == "2019-11-25"
    assert by_key[("kf-styrdokument", "KF")] == "2019-06-17"
    dates = [r["deadline"] for r in records]
    assert dates == sorted(dates)
    moved = [r for r in records if r["moved"]]
    assert moved and moved[0]["milestone"] == "justering-kf@KF-2019-02-18"
    assert moved[0]["moved_reason"].startswith(
        "flyttad från lördag 2 mars till fredag 1 mars: helgdag"
    )


def test_deadlines_from_a_date_and_for_one_body(runner: CliRunner, timra_2020: str) -> None:
    result = runner.invoke(
        app, ["deadlines", "--as-of", "2019-09-05", "--body", "BUN", "--format", "json"]
    )
    records = json.loads(result.stdout)
    assert records[0]["milestone"] == "samverkan-budget"
    assert records[0]["status"] == "due_soon"
    assert {r["body"] for r in records} == {"BUN"}
    table = runner.invoke(app, ["deadlines", "--as-of", "2019-05-08"])
    assert "Tidsfrister Timrå kommun, budgetår 2020" in table.stdout


def test_no_upcoming_deadlines(runner: CliRunner, timra_2020: str) -> None:
    result = runner.invoke(app, ["deadlines", "--year", "2020", "--as-of", "2026-01-01"])
    assert result.exit_code == 0
    assert "Inga tidsfrister att visa." in result.stdout


def test_status_board(runner: CliRunner, timra_2020: str) -> None:
    result = runner.invoke(app, ["status", "--as-of", "2019-05-08"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Årshjul Timrå kommun, budgetår 2020, läge 2019-05-08" in out
    assert "Planeringsförutsättningar för budget och" in out
    assert "Per nämnd och organ" in out
    assert "Teckenförklaring" in out and "försenad" in out
    klk = next(line for line in out.splitlines() if "KLK  Kommunledningskontoret" in line)
    # four deliverables overdue (none submitted), budgetarbete-start (31 May) still ahead
    assert klk.split()[2:] == ["4", "1"]


def test_status_board_in_english_for_one_body(runner: CliRunner, timra_2020: str) -> None:
    result = runner.invoke(
        app, ["--lang", "en", "status", "--body", "BUN", "--as-of", "2019-09-12"]
    )
    assert result.exit_code == 0, result.output
    assert "Annual cycle Timrå kommun, budget year 2020, as of 2019-09-12 · BUN" in result.stdout
    assert "due soon" in result.stdout and "overdue" in result.stdout
    assert "business days over" in result.stdout


def test_unknown_body(runner: CliRunner, timra_2020: str) -> None:
    result = runner.invoke(app, ["status", "--body", "XYZ"])
    assert result.exit_code == 1
    assert "Okänt organ 'XYZ'. Kända: KF, KS, BUN" in result.stderr


def test_bad_date(runner: CliRunner, timra_2020: str) -> None:
    result = runner.invoke(app, ["status", "--as-of", "2019-13-01"])
    assert result.exit_code == 1
    assert "Ogiltigt datum '2019-13-01': ange ÅÅÅÅ-MM-DD" in result.stderr


def test_unknown_year_and_municipality(runner: CliRunner, timra_2020: str) -> None:
    assert (
        "Ingen planerad cykel för Timrå kommun 2031"
        in runner.invoke(app, ["status", "--year", "2031"]).stderr
    )
    assert (
        "Ingen planerad cykel för kommun 0000"
        in runner.invoke(app, ["status", "-m", "0000"]).stderr
    )


def test_status_without_a_database(runner: CliRunner, clean_environment: Path) -> None:
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 1
    assert "Ingen planerad cykel" in result.stderr
    assert "arshjul plan" in result.stderr


def test_init(runner: CliRunner, clean_environment: Path) -> None:
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0
    assert (clean_environment / "arshjul.db").exists()


def test_bad_format(runner: CliRunner, timra_2020: str) -> None:
    result = runner.invoke(app, ["deadlines", "--format", "xml"])
    assert result.exit_code == 1
    assert "xml" in result.stderr


def test_lint_and_validate_report_law_errors(runner: CliRunner, tmp_path: Path) -> None:
    from tests.core.test_law import law_template

    good = write(tmp_path, law_template(), "good.yaml")
    assert runner.invoke(app, ["lint", str(good), "--year", "2020"]).exit_code == 0
    bad = write(tmp_path, law_template(kf='{fixed: "12-03", year: -1}'), "bad.yaml")
    result = runner.invoke(app, ["lint", str(bad), "--year", "2020"])
    assert result.exit_code == 1
    assert result.stdout.strip() == (
        f"{bad}: kf-budget: fel: KF fastställer budgeten 2019-12-03, i december, men ingen "
        "milstolpe med law: kf_tax_rate fastställer skattesatsen senast 2019-12-02: en budget "
        "efter november kräver att KF ändå fastställer skattesatsen inom november "
        "(KL 11 kap. 11 §)"
    )
    as_json = json.loads(
        runner.invoke(app, ["lint", str(bad), "--year", "2020", "-f", "json"]).stdout
    )
    assert as_json == [
        {
            "code": "law_kf_budget_no_tax_rate",
            "severity": "error",
            "source": "KL 11 kap. 11 §",
            "subject": "kf-budget",
            "date": "2019-12-03",
            "limit": "2019-12-02",
        }
    ]
    validated = runner.invoke(app, ["validate", str(bad), "--year", "2020"])
    assert validated.exit_code == 1 and "KL 11 kap. 11 §" in validated.stdout


def test_plan_refuses_law_errors_without_override(
    runner: CliRunner, tmp_path: Path, clean_environment: Path
) -> None:
    from tests.core.test_law import law_template

    bad = write(tmp_path, law_template(kf='{fixed: "12-03", year: -1}'), "bad.yaml")
    result = runner.invoke(app, ["plan", str(bad), "--year", "2020"])
    assert result.exit_code == 1
    assert "--allow-law-errors" in result.stderr
    assert not (clean_environment / "arshjul.db").exists()


def test_commitments_check(runner: CliRunner, tmp_path: Path) -> None:
    good = write(
        tmp_path,
        (
            "goals: [3, God utbildning för alla]\n"
            "vision: {tillvaxt: a, service: b, livsmiljo: c, personal: d, ekonomi: e}\n"
            "contributions: {3: Hälsofrämjande skola, 4: Fler behöriga lärare}\n"
        ),
        "vp.yaml",
    )
    result = runner.invoke(app, ["commitments", "check", str(good)])
    assert result.exit_code == 0, result.output
    assert "giltigt (2 mål: 3 God hälsa och välbefinnande, 4 God utbildning för alla)" in (
        result.stdout
    )
    bad = write(
        tmp_path, '{"goals": [3, 21], "vision": {}, "contributions": {"3": "x"}}', "vp.json"
    )
    result = runner.invoke(app, ["commitments", "check", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:1: goals[1]: '21' är inget av de 17 globala målen" in result.stdout
    assert f"{bad}:1: vision.tillvaxt: varning: beskrivning saknas för tillvaxt" in result.stdout


def test_commitments_goals_reference_data(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["commitments", "goals", "-f", "json"]).stdout)
    assert data["max_goals"] == 5 and len(data["goals"]) == 17
    assert data["goals"][2]["number"] == 3 and "Hälsa och välbefinnande" in [
        a for g in data["goals"] for a in g["aliases"]
    ]
    assert [a["key"] for a in data["vision"]["areas"]] == [
        "tillvaxt",
        "service",
        "livsmiljo",
        "personal",
        "ekonomi",
    ]
    table = runner.invoke(app, ["--lang", "en", "commitments", "goals"])
    assert "The 17 global goals (choose at most 5)" in table.stdout
