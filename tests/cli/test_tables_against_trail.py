"""An administrator edits the tables the auditors' CSV reads: `audit verify` names the row
and what the trail says instead, and the export refuses to run."""

from __future__ import annotations

from pathlib import Path

import pytest
from arshjul.models.db import make_engine
from arshjul.models.tables import Municipality
from sqlalchemy import text
from sqlmodel import Session, select
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.context import Context
from arshjul.errors import InvalidInput
from arshjul.services.audit_tables import Mismatch, mismatches
from arshjul.services.register import versions_handed_in

BUN = "bun.sekreterare@example.org"
AUDITOR = "revisionen@example.org"

EDITS = {
    "an earlier time": (
        "UPDATE submission SET submitted_at = '2019-05-01 08:00:00.000000'",
        "submitted_at",
    ),
    "another person": (
        "UPDATE submission SET submitted_by = (SELECT id FROM person WHERE email = "
        "'ekonomi@example.org' LIMIT 1)",
        "submitted_by",
    ),
    "another file": ("UPDATE submissionfile SET sha256 = '" + "0" * 64 + "'", "sha256"),
    "a review nobody made": (
        "UPDATE submission SET review = 'accepted', reviewed_at = '2019-05-02 08:00:00'",
        "review",
    ),
    "a row no event records": (
        "INSERT INTO submission (municipality_id, deliverable_id, version, submitted_by, "
        "submitted_at, comment, diarienummer, review_comment) SELECT municipality_id, "
        "deliverable_id, 9, submitted_by, submitted_at, '', '', '' FROM submission LIMIT 1",
        "event",
    ),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_table_is_named_and_not_exported(
    edit: str, timra_2020: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    document = tmp_path / "budget.txt"
    document.write_text("Budgetunderlag\n")
    handed = runner.invoke(app, ["--as", BUN, "submit", "budgetunderlag/BUN", str(document)])
    assert handed.exit_code == 0, handed.output
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    export = ["--as", AUDITOR, "audit", "submissions", "--year", "2020"]
    assert runner.invoke(app, export).exit_code == 0

    statement, field = EDITS[edit]
    with make_engine(timra_2020).begin() as conn:
        conn.execute(text(statement))
    found = runner.invoke(app, ["audit", "verify"])
    assert found.exit_code == 1
    if field == "event":
        assert "rad 2 finns inte i granskningsloggen" in found.stderr
    else:
        assert f": {field} är " in found.stderr and "granskningsloggen säger" in found.stderr
    refused = runner.invoke(app, export)
    assert refused.exit_code == 1 and "inget exporteras" in refused.stderr
    # the register's check of its year names as many values as the full check does
    full, shown = _submission_mismatches(timra_2020)
    assert full and shown == len(full)


def _submission_mismatches(url: str) -> tuple[list[Mismatch], int]:
    """(the full check's findings in the tables a register shows, how many values the
    register of 2020 refused for)."""
    ctx = Context.create(database_url=url, operator="test")
    with Session(ctx.database()) as session:
        municipality = session.exec(select(Municipality)).one()
        session.expunge(municipality)
    full = [m for m in mismatches(ctx) if m.table in ("submission", "submissionfile")]
    with pytest.raises(InvalidInput) as refused:
        versions_handed_in(ctx, municipality=municipality, year=2020)
    assert refused.value.key == "tables_disagree"
    return full, int(refused.value.params["count"])


def test_an_edited_decision_is_named(timra_2020: str) -> None:
    """Moving a decision's anslag moves the day it vinner laga kraft: the trail says so."""
    runner = CliRunner()
    recorded = runner.invoke(
        app,
        [
            "--as", "kf.sekreterare@example.org", "decision", "record", "--body", "KF",
            "--meeting", "2019-06-17", "-p", "§ 61", "-t", "Styrdokument 2019",
            "--justered", "2019-06-19", "--announced", "2019-06-20",
        ],
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    with make_engine(timra_2020).begin() as conn:
        conn.execute(text("UPDATE decision SET announced_on = '2019-06-10'"))
    found = runner.invoke(app, ["audit", "verify"])
    assert found.exit_code == 1
    assert (
        "tabellen decision rad 1: announced_on är 2019-06-10 men granskningsloggen säger 2019-06-20"
        in (found.stderr)
    )
    # the register shows no decision: its check (of its year's submissions) lets it show
    export = ["--as", AUDITOR, "audit", "submissions", "--year", "2020"]
    assert runner.invoke(app, export).exit_code == 0
