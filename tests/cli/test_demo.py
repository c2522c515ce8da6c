"""`arshjul demo` end to end, the way a user runs it: a new process, a new home, the real
Prefect flow on Prefect's temporary local server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e  # the whole demo through Prefect, about 25 s


def test_demo_on_a_fresh_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARSHJUL_", "PREFECT_"))}
    env["ARSHJUL_HOME"] = str(home)
    exe = str(Path(sys.executable).with_name("arshjul"))  # the script installed beside python
    result = subprocess.run([exe, "demo"], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Planerade Timrå kommun budgetår 2020: 157 nya" in out
    assert "Årshjul Timrå kommun, budgetår 2020, läge 2019-12-05" in out
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert "Beslut 1: KF 2019-11-25 § 61 Verksamhetsplan och budget 2020–2022" in out
    assert "vinner laga kraft 2019-12-20" in out
    assert "Påminnelser 2019-12-05 07:00:" in out
    assert "Utkorg" in out and "Veckoöversikt 2019-W49" in out  # first sweep of the week
    assert len(list((home / "outbox").glob("*.eml"))) > 0
    assert (home / "arshjul.db").exists()
    assert (home / "prefect").is_dir()  # Prefect's state is kept beside ours
    assert "Uppföljningen av 2020 är inspelad i förväg" in out

    # the follow-up played ahead: the tertial report and delårsrapport with assessments,
    # so the roll-up shows trends both ways
    followup = subprocess.run(
        [exe, "--as", "ekonomi@example.org", "followup", "report", "--year", "2020", "-f", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert followup.returncode == 0, followup.stderr
    data = json.loads(followup.stdout)
    assert [len(r["handed_in"]) for r in data["reports"]] == [5, 5, 0]
    trends = {c["trend"] for row in data["vision_areas"] + data["goals"] for c in row["cells"]}
    assert {"up", "down", "same"} <= trends

    again = subprocess.run(
        [exe, "--lang", "en", "demo", "--as-of", "2019-12-20"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert "Planned Timrå kommun budget year 2020: 0 created, 0 updated" in again.stdout
    assert "as of 2019-12-20" in again.stdout
