"""`arshjul plan` runs the plan_cycle flow (here on the session's Prefect test server)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from arshjul.cli import app
from tests.factories import MAIL_TEMPLATE, SMALL_TEMPLATE, write

pytestmark = pytest.mark.e2e  # Prefect's test server


def test_plan_then_replan_reports_moves(tmp_path: Path) -> None:
    runner = CliRunner()
    path = write(tmp_path, SMALL_TEMPLATE)
    first = runner.invoke(app, ["plan", str(path), "--year", "2020"])
    assert first.exit_code == 0, first.output
    assert "Planerade 9999 budgetår 2020:" in first.stdout
    write(tmp_path, SMALL_TEMPLATE.replace("business_days: 10", "business_days: 3"))
    second = runner.invoke(app, ["plan", str(path), "--year", "2020"])
    assert second.exit_code == 0, second.output
    assert "1 flyttad tidsfrist" in second.stdout
    assert "budget: 2019-05-07 → 2019-05-16" in second.stdout
    status = runner.invoke(app, ["deadlines", "--all", "--year", "2020", "--format", "json"])
    assert '"deadline": "2019-05-16"' in status.stdout


def test_remind_runs_the_sweep_flow(tmp_path: Path, clean_environment: Path) -> None:
    runner = CliRunner()
    path = write(tmp_path, MAIL_TEMPLATE)
    assert runner.invoke(app, ["plan", str(path), "--year", "2020"]).exit_code == 0
    result = runner.invoke(app, ["remind", "--as-of", "2019-05-06"])
    assert result.exit_code == 0, result.output
    assert "Påminnelser 2019-05-06 07:00: 5 aktuella, 5 nya i utkorgen, 6 skickade" in (
        result.stdout
    )  # the five notices, and the auditor's copy of the seal the sweep made
    assert len(list((clean_environment / "outbox").glob("*.eml"))) == 6
    again = runner.invoke(app, ["remind", "--as-of", "2019-05-06"])
    # the week's digest is already in the outbox, so it is not even planned again
    assert "4 aktuella, 0 nya i utkorgen, 0 skickade" in again.stdout
    import getpass

    from arshjul.models.db import make_engine
    from arshjul.models.tables import AuditEvent
    from sqlmodel import Session, select

    from arshjul.settings import get_settings

    with Session(make_engine(get_settings().resolved_database_url)) as session:
        sent = session.exec(select(AuditEvent).where(AuditEvent.kind == "reminder_sent")).first()
    assert sent is not None and sent.payload["operator"].startswith(getpass.getuser() + "@")
    # sent today, as of 2019: the event carries the real time, and the sweep's date beside it
    import datetime as dt

    assert dt.datetime.now(dt.UTC) - sent.at < dt.timedelta(minutes=10)
    assert sent.payload["sweep_as_of"].startswith("2019-05-06")


def test_a_law_override_is_planned_and_audited(tmp_path: Path) -> None:
    import json

    from tests.core.test_law import law_template

    runner = CliRunner()
    bad = write(tmp_path, law_template(kf='{fixed: "12-03", year: -1}'), "bad.yaml")
    result = runner.invoke(app, ["plan", str(bad), "--year", "2020", "--allow-law-errors"])
    assert result.exit_code == 0, result.output
    assert "KL 11 kap. 11 §" in result.stdout
    from arshjul.models.db import make_engine
    from arshjul.models.tables import Municipality
    from sqlmodel import Session, select

    from arshjul.services.audit import event_rows
    from arshjul.settings import get_settings
    from tests.factories import ctx_for

    engine = make_engine(get_settings().resolved_database_url)
    with Session(engine) as session:
        muni = session.exec(select(Municipality)).one()
    (event,) = event_rows(ctx_for(engine), municipality=muni, kind="law_override")
    assert event["payload"]["findings"][0]["code"] == "law_kf_budget_no_tax_rate"
    assert json.dumps(event["payload"])


def test_plan_with_a_stale_expected_version_is_refused(tmp_path: Path) -> None:
    """`plan --expect-version` applies only against the version its preview named."""
    runner = CliRunner()
    path = write(tmp_path, SMALL_TEMPLATE)
    assert runner.invoke(app, ["plan", str(path), "--year", "2020"]).exit_code == 0
    write(tmp_path, SMALL_TEMPLATE.replace("business_days: 10", "business_days: 3"))
    stale = runner.invoke(
        app, ["plan", str(path), "--year", "2020", "--expect-version", "0123456789ab"]
    )
    assert stale.exit_code == 1 and "har ändrats sedan förhandsvisningen" in stale.stderr
    shown = runner.invoke(app, ["plan", str(path), "--year", "2020", "--preview"])
    command = shown.stdout.rsplit("Tillämpa just detta: ", 1)[1].split()
    applied = runner.invoke(app, command[1:])
    assert applied.exit_code == 0, applied.output
    assert "budget: 2019-05-07 → 2019-05-16" in applied.stdout
