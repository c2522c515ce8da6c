"""The wheel as stored versions: every plan of a new text adds one (the same text adds
none), each in the trail with the hashes before and after and who ran it; the current one
exports as YAML that `arshjul validate` accepts and that plans to the same deadlines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from arshjul.models.db import create_schema, make_engine
from arshjul.models.tables import AuditEvent, Milestone, TemplateVersion
from arshjul.models.template_versions import text_sha256
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.errors import NotFound, Refused
from arshjul.services.planning import Versioning, save_plan
from arshjul.services.wheel_versions import history, version_text
from arshjul.settings import get_settings
from tests.factories import MAIL_TEMPLATE, ctx_for, small_plan, write

COORDINATOR, AUDITOR, BUN = "samordnare@example.org", "revisor@example.org", "bun@example.org"
NOW = dt.datetime(2019, 1, 2, 9, tzinfo=dt.UTC)
MOVED = MAIL_TEMPLATE.replace("business_days: 10}", "business_days: 5}")


def _plan(engine: Engine, text: str, reason: str = "", operator: str | None = "ops@host") -> None:
    template, cycle_plan = small_plan(2020, text)
    ctx = ctx_for(engine, now=NOW)
    ctx = type(ctx).create(ctx.settings, engine=engine, operator=operator).at(NOW)
    save_plan(ctx, template=template, cycle_plan=cycle_plan, versioning=Versioning("plan", reason))


def _versions(engine: Engine) -> list[TemplateVersion]:
    with Session(engine) as session:
        return list(session.exec(select(TemplateVersion).order_by(col(TemplateVersion.version))))


def _events(engine: Engine) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(AuditEvent)
                .where(AuditEvent.kind == "template_version_added")
                .order_by(col(AuditEvent.seq))
            )
        )


def test_the_same_text_planned_twice_is_one_version(engine: Engine) -> None:
    _plan(engine, MAIL_TEMPLATE)
    _plan(engine, MAIL_TEMPLATE)
    (only,) = _versions(engine)
    assert (only.version, only.sha256, only.author) == (1, text_sha256(MAIL_TEMPLATE), "ops@host")
    assert only.text == MAIL_TEMPLATE and only.source == "plan"
    assert len(_events(engine)) == 1


def test_a_new_text_is_a_new_version_audited_with_before_and_after(engine: Engine) -> None:
    _plan(engine, MAIL_TEMPLATE)
    _plan(engine, MOVED, reason="KS flyttar budgeten")
    first, second = _versions(engine)
    assert (second.version, second.reason, second.text) == (2, "KS flyttar budgeten", MOVED)
    one, two = _events(engine)
    assert (one.payload["before"], one.payload["after"]) == ("", first.sha256)
    assert (two.payload["before"], two.payload["after"]) == (first.sha256, second.sha256)
    assert two.payload["version"] == 2 and two.payload["reason"] == "KS flyttar budgeten"
    assert two.actor == "ops@host"
    assert two.payload["operator"] == "ops@host"


def test_the_history_is_for_coordinators_and_auditors(engine: Engine) -> None:
    _plan(engine, MAIL_TEMPLATE)
    _plan(engine, MOVED)
    for reader in (COORDINATOR, AUDITOR):
        _, versions = history(ctx_for(engine, reader), municipality="9999")
        assert [v.version for v in versions] == [2, 1]
    with pytest.raises(Refused):
        history(ctx_for(engine, BUN), municipality="9999")
    assert version_text(ctx_for(engine, AUDITOR), municipality=None, version=1).text == (
        MAIL_TEMPLATE
    )
    with pytest.raises(NotFound):
        version_text(ctx_for(engine, AUDITOR), municipality=None, version=3)


@pytest.fixture
def settings_engine(clean_environment: Path) -> Engine:
    engine = make_engine(get_settings().resolved_database_url)
    create_schema(engine)
    return engine


def _deadlines(engine: Engine) -> dict[str, dt.date]:
    with Session(engine) as session:
        return {m.key: m.deadline for m in session.exec(select(Milestone))}


def test_the_export_validates_and_plans_to_the_same_deadlines(
    settings_engine: Engine, tmp_path: Path, database_url: str
) -> None:
    _plan(settings_engine, MAIL_TEMPLATE)
    _plan(settings_engine, MOVED)
    runner = CliRunner()
    out = tmp_path / "export.yaml"
    result = runner.invoke(
        app, ["--as", COORDINATOR, "template", "export", "-m", "9999", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "version 2" in result.stdout and out.read_text(encoding="utf-8") == MOVED
    checked = runner.invoke(app, ["validate", str(out), "--year", "2020"])
    assert checked.exit_code == 0, checked.output
    fresh = make_engine(database_url)
    create_schema(fresh)
    _plan(fresh, out.read_text(encoding="utf-8"))
    assert _deadlines(fresh) == _deadlines(settings_engine)
    fresh.dispose()
    listed = runner.invoke(app, ["--as", AUDITOR, "template", "versions", "-f", "json"])
    assert listed.exit_code == 0, listed.output
    assert '"version": 2' in listed.stdout and text_sha256(MOVED) in listed.stdout


def test_no_export_before_a_plan_or_for_a_secretary(
    settings_engine: Engine, tmp_path: Path
) -> None:
    runner = CliRunner()
    _plan(settings_engine, MAIL_TEMPLATE)
    refused = runner.invoke(app, ["--as", BUN, "template", "export"])
    assert refused.exit_code == 1 and "får inte" in refused.stderr
    path = write(tmp_path, MAIL_TEMPLATE)
    assert runner.invoke(app, ["validate", str(path), "--year", "2020"]).exit_code == 0
    missing = runner.invoke(app, ["--as", COORDINATOR, "template", "export", "--version", "7"])
    assert missing.exit_code == 1 and "ingen version 7" in missing.stderr
