"""A coordinator sets KS's meeting dates for a year: the preview lists the deadlines they
move and whom the notices go to, and changes nothing; applying makes a new version of the
wheel, re-plans, and queues the changed-date notices; each bad date is named by its line
and nothing changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from arshjul.models.db import create_schema, make_engine
from arshjul.models.tables import OutboxMessage, TemplateVersion
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.core.reminders import NoticeKind
from arshjul.errors import InvalidFile, InvalidInput, Refused, WheelChanged
from arshjul.services.board import load_board
from arshjul.services.meeting_calendars import CalendarIn, apply_calendar, preview_calendar
from arshjul.settings import get_settings
from tests.factories import MAIL_TEMPLATE, at, ctx_for, plan_into
from tests.models.test_store import dump

COORDINATOR, BUN = "samordnare@example.org", "bun@example.org"
# KS's May meeting is the first of May in its calendar (the third Tuesday by its rule)
CALENDAR = MAIL_TEMPLATE.replace(
    "{month: 5, weekday: tuesday, nth: 3, year: -1}", "{calendar_month: 5, nth: 1, year: -1}"
) + (
    "calendars:\n"
    "  - body: KS\n"
    '    title: "KS, sammanträde"\n'
    "    every_year:\n"
    "      - {month: 5, weekday: tuesday, nth: 3}\n"
)
NOW = at("2019-03-01", 9)
KS_DATES = "2019-02-12\n28 maj 2019\n2019-09-24"


@pytest.fixture
def planned(engine: Engine) -> Engine:
    plan_into(engine, CALENDAR)
    return engine


def _deadline(engine: Engine, body: str) -> dt.date:
    board = load_board(ctx_for(engine, now=NOW), municipality=None, year=2020).board
    cell = board.cell("budget", body)
    assert cell is not None
    return cell.status.deadline


def test_the_preview_lists_the_moves_and_changes_nothing(planned: Engine) -> None:
    before = dump(planned)
    change, (found,) = preview_calendar(
        ctx_for(planned, COORDINATOR, NOW), CalendarIn("KS", 2019, KS_DATES)
    )
    assert change.budget_years == (2020,)
    assert [(m.key, m.old, m.new) for m in found.diff.moved] == [
        ("budget", dt.date(2019, 5, 7), dt.date(2019, 5, 14))
    ]
    assert [(m.key, m.new) for m in found.diff.meetings_moved] == [("ks-maj", dt.date(2019, 5, 28))]
    assert found.recipients[("budget", "BUN")] == [BUN]
    assert dump(planned) == before


def test_applying_re_plans_and_queues_the_notices(planned: Engine) -> None:
    ctx = ctx_for(planned, COORDINATOR, NOW)
    change, _ = preview_calendar(ctx, CalendarIn("KS", 2019, KS_DATES))
    _, (done,) = apply_calendar(
        ctx, CalendarIn("KS", 2019, KS_DATES, reason="KS plan 2019"), base_sha256=change.base_sha256
    )
    assert done.version == 2 and _deadline(planned, "BUN") == dt.date(2019, 5, 14)
    with Session(planned) as session:
        latest = session.exec(
            select(TemplateVersion).order_by(col(TemplateVersion.version).desc())
        ).first()
        notices = session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == NoticeKind.DEADLINE_CHANGED)
        ).all()
    assert latest is not None and latest.source == "meetings" and latest.reason == "KS plan 2019"
    assert "2019: [2019-02-12, 2019-05-28, 2019-09-24]" in latest.text
    assert BUN in {n.recipient for n in notices}
    with pytest.raises(WheelChanged):  # the same preview applied again: the wheel moved on
        apply_calendar(ctx, CalendarIn("KS", 2019, "2019-05-21"), base_sha256=change.base_sha256)


@pytest.mark.parametrize(
    ("actor", "form", "error"),
    [
        (BUN, CalendarIn("KS", 2019, KS_DATES), Refused),
        (COORDINATOR, CalendarIn("KS", 2019, "2019-02-12\n2019-13-01"), InvalidFile),
        (COORDINATOR, CalendarIn("XX", 2019, KS_DATES), InvalidInput),
        (COORDINATOR, CalendarIn("KS", 2031, "2031-05-20"), InvalidInput),  # no cycle in 2031
    ],
)
def test_bad_dates_change_nothing(
    planned: Engine, actor: str, form: CalendarIn, error: type[Exception]
) -> None:
    before = {k: v for k, v in dump(planned).items() if k != "auditevent"}
    with pytest.raises(error) as raised:
        apply_calendar(ctx_for(planned, actor, NOW), form, base_sha256=None)
    assert {k: v for k, v in dump(planned).items() if k != "auditevent"} == before
    if error is InvalidFile:
        (problem,) = raised.value.problems  # type: ignore[attr-defined]
        assert (problem.line, problem.code) == (2, "meeting_not_a_date")


def test_the_command_line(clean_environment: Path) -> None:
    engine = make_engine(get_settings().resolved_database_url)
    create_schema(engine)
    plan_into(engine, CALENDAR)
    runner = CliRunner()
    base = ["--as", COORDINATOR, "meetings", "set", "--body", "KS", "--year", "2019"]
    bad = runner.invoke(app, [*base, "2019-02-12", "30 februari 2019"])
    assert bad.exit_code == 1
    assert "arshjul meetings:2: KS.2019: '30 februari 2019' är inget datum" in bad.stderr
    shown = runner.invoke(
        app,
        [*base, "--preview", "--as-of", "2019-03-01", "2019-02-12", "28 maj 2019", "2019-06-06"],
    )
    assert shown.exit_code == 0, shown.output
    assert "'2019-06-06' infaller på nationaldagen" in shown.stdout
    assert "budget (Budgetunderlag): 2019-05-07 → 2019-05-14" in shown.stdout
    done = runner.invoke(app, [*base, "2019-02-12", "28 maj 2019"])
    assert done.exit_code == 0, done.output
    assert "version 2 av årshjulet; omplanerade budgetår: 2020" in done.stdout
    engine.dispose()
