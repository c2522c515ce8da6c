"""remind --dry-run, outbox, calendar and templates: no Prefect, real files."""

from __future__ import annotations

from pathlib import Path

from arshjul.models.db import make_engine
from arshjul.models.tables import OutboxMessage
from arshjul.notifications.due import enqueue
from icalendar import Calendar
from sqlmodel import Session, select
from typer.testing import CliRunner

from arshjul.cli import app
from tests.factories import at, ctx_for


def test_dry_run_lists_and_writes_nothing(runner: CliRunner, timra_2020: str) -> None:
    result = runner.invoke(app, ["remind", "--dry-run", "--as-of", "2019-09-03"])
    assert result.exit_code == 0, result.output
    assert "Skulle skickas (provkörning, inget skickas)" in result.stdout
    assert "bun.sekreterare@example.org" in result.stdout
    assert "digest" in result.stdout
    with Session(make_engine(timra_2020)) as session:
        assert session.exec(select(OutboxMessage)).all() == []


def test_outbox_lists_messages_and_filters_by_state(runner: CliRunner, timra_2020: str) -> None:
    enqueue(ctx_for(make_engine(timra_2020), now=at("2019-05-06", 7)))
    result = runner.invoke(app, ["outbox"])
    assert result.exit_code == 0
    assert "Utkorg" in result.stdout and "pending" in result.stdout
    assert "Påminnelse" in result.stdout
    empty = runner.invoke(app, ["--lang", "en", "outbox", "--state", "failed"])
    assert "Outbox" in empty.stdout and "pending" not in empty.stdout
    unknown = runner.invoke(app, ["outbox", "--state", "lost"])
    assert unknown.exit_code == 1 and "Traceback" not in unknown.output
    assert "Okänt läge 'lost'; välj bland pending, sending, retry, sent, failed" in unknown.stderr


def test_calendar_exports_a_bodys_year(runner: CliRunner, timra_2020: str, tmp_path: Path) -> None:
    target = tmp_path / "bun.ics"
    result = runner.invoke(app, ["calendar", "--body", "BUN", "--year", "2020", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Skrev 8 tidsfrister" in result.stdout
    events = Calendar.from_ical(target.read_text()).walk("VEVENT")
    assert len(events) == 8
    assert len({str(e["UID"]) for e in events}) == 8
    starts = sorted(e.decoded("DTSTART").isoformat() for e in events)
    assert starts[0] == "2019-09-10" and "2020-09-18" in starts
    to_stdout = runner.invoke(app, ["calendar", "--body", "BUN", "--year", "2020"])
    assert to_stdout.stdout.startswith("BEGIN:VCALENDAR")


def test_calendar_for_an_unknown_body(runner: CliRunner, timra_2020: str) -> None:
    result = runner.invoke(app, ["calendar", "--body", "NOPE"])
    assert result.exit_code == 1
    assert "Okänt organ 'NOPE'" in result.stderr


def test_templates_check(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "sv").mkdir()
    good = runner.invoke(app, ["templates", str(tmp_path)])
    assert good.exit_code == 0 and "mallarna är giltiga" in good.stdout
    broken = tmp_path / "sv" / "overdue.subject.txt"
    broken.write_text("{{ body.name ")
    result = runner.invoke(app, ["templates", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{broken}:1: mallfel:")
    missing = runner.invoke(app, ["templates", str(tmp_path / "nothing")])
    assert missing.exit_code == 1 and "Ingen mallmapp" in missing.stderr


def test_outbox_retry_on_the_command_line(runner: CliRunner, timra_2020: str) -> None:
    unclear = runner.invoke(app, ["--as", "ekonomi@example.org", "outbox", "retry"])
    assert unclear.exit_code == 1 and "--all-failed" in unclear.stderr
    nothing = runner.invoke(app, ["--as", "ekonomi@example.org", "outbox", "retry", "--all-failed"])
    assert nothing.exit_code == 0, nothing.output
    assert "0 meddelanden skickas igen" in nothing.stdout
    refused = runner.invoke(
        app, ["--as", "bun.sekreterare@example.org", "outbox", "retry", "--all-failed"]
    )
    assert refused.exit_code == 1 and "requeue" in refused.stderr
