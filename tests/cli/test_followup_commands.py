"""The follow-up from the command line on Timrå 2020: the assessments file to fill in,
handing it in (its problems as file:line: field), the roll-up as a table, JSON, XLSX and
Markdown, and indicator imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from arshjul.cli import app

BUN = "bun.sekreterare@example.org"
COORDINATOR = "ekonomi@example.org"


def hand_in(ref: str, folder: Path, option: str, file: str) -> list[str]:
    return ["--as", BUN, "submit", ref, str(folder / "vp.pdf"), option, str(folder / file)]


COMMITMENTS = """\
goals: [4, 10]
vision:
  tillvaxt: Vuxenutbildning som leder till arbete.
  service: Kortare köer till förskolan.
contributions: {4: Fler behöriga lärare., 10: Kompensatorisk skola.}
indicators:
  4: [{kolada: N15419, name: Behöriga lärare, unit: "%", target: 80}]
"""


@pytest.fixture
def committed(runner: CliRunner, timra_2020: str, tmp_path: Path) -> Path:
    (tmp_path / "vp.pdf").write_bytes(b"%PDF-1.4\nVerksamhetsplan\n%%EOF\n")
    (tmp_path / "bun.yaml").write_text(COMMITMENTS, encoding="utf-8")
    done = runner.invoke(
        app,
        hand_in("verksamhetsplan/BUN", tmp_path, "--commitments", "bun.yaml"),
    )
    assert done.exit_code == 0, done.output
    return tmp_path


def test_the_form_filled_in_and_handed_in(runner: CliRunner, committed: Path) -> None:
    form = runner.invoke(app, ["--as", BUN, "followup", "form", "tertialuppfoljning@2020-04/BUN"])
    assert form.exit_code == 0, form.output
    text = form.stdout
    assert '  "4":  # 4 God utbildning för alla' in text
    assert '      N15419: ""' in text
    filled = (
        text.replace('assessment: ""', 'assessment: "delvis uppfyllt"', 1)
        .replace('assessment: ""', 'assessment: "uppfyllt"')
        .replace('N15419: ""', 'N15419: "71,5"')
    )
    (committed / "t1.yaml").write_text(filled, encoding="utf-8")
    done = runner.invoke(
        app,
        hand_in("tertialuppfoljning@2020-04/BUN", committed, "--assessments", "t1.yaml"),
    )
    assert done.exit_code == 0, done.output
    again = runner.invoke(app, ["--as", BUN, "followup", "form", "delarsrapport-namnd/BUN"])
    assert "# Ifyllt från tertialuppfoljning@2020-04, version 1" in again.stdout
    assert 'assessment: "Delvis uppfyllt"' in again.stdout

    report = runner.invoke(app, ["--as", COORDINATOR, "followup", "report", "-f", "json"])
    assert report.exit_code == 0, report.output
    data = json.loads(report.stdout)
    (goal_4,) = [g for g in data["goals"] if g["key"] == "4"]
    assert goal_4["cells"][0]["latest"]["level"] == "partly_met"
    assert [r["key"] for r in data["reports"]] == [
        "tertialuppfoljning@2020-04",
        "delarsrapport-namnd",
        "verksamhetsberattelse",
    ]
    table = runner.invoke(app, ["--as", COORDINATOR, "followup", "report"])
    assert "Delvis uppfyllt (första bedömningen)" in table.stdout
    markdown = runner.invoke(app, ["--as", COORDINATOR, "followup", "report", "-f", "md"])
    assert "## Måluppfyllelse 2020" in markdown.stdout
    xlsx = runner.invoke(
        app,
        ["--as", COORDINATOR, "followup", "report", "-f", "xlsx", "-o", str(committed / "u.xlsx")],
    )
    assert xlsx.exit_code == 0 and "Skrev" in xlsx.stdout
    book = load_workbook(committed / "u.xlsx")
    assert "Bedömningar" in book.sheetnames


def test_a_bad_assessments_file_is_named_by_line(runner: CliRunner, committed: Path) -> None:
    (committed / "t1.yaml").write_text(
        "goals:\n  4: {assessment: uppfyllt, indicators: {N15419: sjuttio}}\n"
        "  3: {assessment: uppfyllt}\n",
        encoding="utf-8",
    )
    done = runner.invoke(
        app,
        hand_in("tertialuppfoljning@2020-04/BUN", committed, "--assessments", "t1.yaml"),
    )
    assert done.exit_code == 1
    out = done.output
    assert f"{committed / 't1.yaml'}:2: goals.4.indicators.N15419: 'sjuttio' är inget tal" in out
    assert f"{committed / 't1.yaml'}:3: goals.3: '3' är inte ett av nämndens valda mål" in out
    assert "2 fel; inget har sparats" in out


def test_the_scale_names_the_municipality_uses(
    runner: CliRunner, committed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from arshjul.settings import get_settings

    monkeypatch.setenv("ARSHJUL_ASSESSMENT_NAMES", "Grönt;Gult;Rött;Grått")
    get_settings.cache_clear()
    (committed / "t1.yaml").write_text("goals:\n  4: {assessment: gult}\n", encoding="utf-8")
    done = runner.invoke(
        app,
        hand_in("tertialuppfoljning@2020-04/BUN", committed, "--assessments", "t1.yaml"),
    )
    assert done.exit_code == 0, done.output
    assert "goals.10: varning: inte bedömt" in done.output
    table = runner.invoke(app, ["--as", COORDINATOR, "followup", "report"])
    assert "Gult (första bedömningen)" in table.stdout


def test_indicator_imports(runner: CliRunner, committed: Path) -> None:
    good = committed / "v.csv"
    good.write_text("indikator;år;värde;kommun\nN15419;2019;72,8;2262\n", encoding="utf-8")
    done = runner.invoke(app, ["--as", COORDINATOR, "indicators", "import", str(good)])
    assert done.exit_code == 0, done.output
    assert "1 värde sparade, 0 oförändrade" in done.stdout
    bad = committed / "bad.csv"
    bad.write_text("indikator;år;värde;kommun\nN15419;2019;72,8;1860\n", encoding="utf-8")
    refused = runner.invoke(app, ["--as", COORDINATOR, "indicators", "import", str(bad)])
    assert refused.exit_code == 1
    assert f"{bad}:2: municipality: värdet gäller kommun '1860', inte 2262" in refused.output
    secretary = runner.invoke(app, ["--as", BUN, "indicators", "import", str(good)])
    assert secretary.exit_code == 1 and "nekandet är loggat" in secretary.output
    fetch = runner.invoke(app, ["--as", COORDINATOR, "indicators", "fetch", "--kpi", "15419"])
    assert fetch.exit_code == 1 and "'15419' är inget Kolada-id" in fetch.output
