"""`arshjul demo` end to end, the way a user runs it: a new process, a new home, the real
Prefect flow on Prefect's temporary local server."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from arshjul.core.instants import STOCKHOLM

pytestmark = pytest.mark.e2e  # the whole demo through Prefect, about 25 s a run

EXE = str(Path(sys.executable).with_name("arshjul"))  # the script installed beside python


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARSHJUL_", "PREFECT_"))}
    env["ARSHJUL_HOME"] = str(home)
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=300)


def test_the_demo_plays_the_year_up_to_today(tmp_path: Path) -> None:
    """Without options the demo is today's: the budget year under way and the next, and
    nothing recorded after now, so a hand-in made next in the web follows on in time."""
    home = tmp_path / "home"
    env = _env(home)
    started = dt.datetime.now(dt.UTC)
    result = _run(env, "demo")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    today = started.astimezone(STOCKHOLM).date()
    year = today.year + 1
    assert f"Planerade Timrå kommun budgetår {year - 1}:" in out
    assert f"Planerade Timrå kommun budgetår {year}:" in out
    assert f"Årshjul Timrå kommun, budgetår {year}, läge {today.isoformat()}" in out
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert f"Uppföljningen av {year - 1}:" in out
    assert "sidorna visar då läget" not in out  # the links open today's pages
    assert len(list((home / "outbox").glob("*.eml"))) > 0
    assert (home / "arshjul.db").exists() and (home / "prefect").is_dir()

    handed = []
    for budget_year in (year - 1, year):
        listed = _run(
            env,
            "--as",
            "revisionen@example.org",
            "audit",
            "submissions",
            "--year",
            str(budget_year),
            "-f",
            "json",
        )
        assert listed.returncode == 0, listed.stderr
        handed += json.loads(listed.stdout)
    assert handed, "the demo hands in what was due before today"
    assert all(dt.datetime.fromisoformat(h["submitted_at"]) < started for h in handed)


def test_the_demo_on_a_past_day_and_again(tmp_path: Path) -> None:
    """On 5 December 2019 (Timrå's 2018 source document's years): the 2019 follow-up
    reported, the 2020 budget decided; run again a fortnight later, nothing is planned
    twice."""
    home = tmp_path / "home"
    env = _env(home)
    result = _run(env, "demo", "--as-of", "2019-12-05", "--year", "2020")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Planerade Timrå kommun budgetår 2020: 129 nya" in out
    assert "Planerade Timrå kommun budgetår 2019:" in out
    assert "Årshjul Timrå kommun, budgetår 2020, läge 2019-12-05" in out
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert "Beslut 2: KF 2019-11-25 § 61 Verksamhetsplan och budget 2020–2022" in out
    assert "vinner laga kraft 2019-12-20" in out
    assert "Påminnelser 2019-12-05 07:00:" in out
    assert "Utkorg" in out and "Veckoöversikt 2019-W49" in out  # first sweep of the week
    assert "Uppföljningen av 2019:" in out
    assert "sidorna visar då läget torsdag 5 december 2019" in out

    # the follow-up up to that day: the tertial report and delårsrapport with assessments,
    # so the roll-up shows trends both ways; the annual report not yet
    followup = _run(
        env, "--as", "ekonomi@example.org", "followup", "report", "--year", "2019", "-f", "json"
    )
    assert followup.returncode == 0, followup.stderr
    data = json.loads(followup.stdout)
    assert [len(r["handed_in"]) for r in data["reports"]] == [5, 5, 0]
    trends = {c["trend"] for row in data["vision_areas"] + data["goals"] for c in row["cells"]}
    assert {"up", "down", "same"} <= trends

    again = _run(env, "--lang", "en", "demo", "--as-of", "2019-12-20", "--year", "2020")
    assert again.returncode == 0, again.stderr
    assert "Planned Timrå kommun budget year 2020: 0 created, 0 updated" in again.stdout
    assert "Planned Timrå kommun budget year 2019: 0 created, 0 updated" in again.stdout
    assert "as of 2019-12-20" in again.stdout


def test_the_demo_refuses_a_day_not_yet_come(tmp_path: Path) -> None:
    ahead = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    result = _run(_env(tmp_path / "home"), "demo", "--as-of", ahead)
    assert result.returncode != 0
    assert f"--as-of {ahead} har inte varit än" in result.stderr + result.stdout
    assert not (tmp_path / "home" / "arshjul.db").exists()  # refused before anything
