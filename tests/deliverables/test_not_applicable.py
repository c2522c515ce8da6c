"""One body's deliverable marked "inte aktuell" by a coordinator: no reminders, never
late, shown as such on the board and in the exports, reversible, audited with before and
after; each refusal in one line with nothing changed. On a real database and outbox."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from arshjul.models.db import create_schema, make_engine
from arshjul.models.tables import AuditEvent, OutboxMessage
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.core.status import Status
from arshjul.errors import InvalidInput, Refused
from arshjul.services.board import load_board
from arshjul.services.not_applicable import NotApplicableIn, mark
from arshjul.services.submissions import SubmissionIn, submit
from arshjul.settings import get_settings
from arshjul.texts import status_label
from tests.factories import at, ctx_for, plan_into, sweep
from tests.models.test_store import dump

BUN, KS, COORDINATOR = "bun@example.org", "ks@example.org", "samordnare@example.org"
WHY = "BUN lämnar inget eget underlag i år"


@pytest.fixture
def planned(engine: Engine) -> Engine:
    plan_into(engine)
    return engine


def _status(engine: Engine, body: str, now: dt.datetime) -> Status:
    view = load_board(ctx_for(engine, now=now), municipality=None, year=2020)
    cell = view.board.cell("budget", body)
    assert cell is not None
    return cell.status.status


def _mailed(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return [
            m.recipient
            for m in session.exec(select(OutboxMessage).where(OutboxMessage.deliverable_id > 0))
        ]


def test_inte_aktuell_stops_reminders_and_is_never_late(planned: Engine) -> None:
    done = mark(
        ctx_for(planned, COORDINATOR, at("2019-04-01", 9)), NotApplicableIn("budget/BUN", WHY)
    )
    assert (done.milestone, done.body, done.not_applicable) == ("budget", "BUN", True)
    sweep(planned, at("2019-04-30", 7))  # the seven-day reminder
    sweep(planned, at("2019-05-10", 7))  # three business days late
    assert BUN not in _mailed(planned) and KS in _mailed(planned)
    assert _status(planned, "BUN", at("2019-05-10")) is Status.NOT_APPLICABLE
    assert _status(planned, "KS", at("2019-05-10")) is Status.OVERDUE
    assert status_label(Status.NOT_APPLICABLE, "sv") == "inte aktuell"
    with Session(planned) as session:
        (event,) = session.exec(
            select(AuditEvent).where(AuditEvent.kind == "deliverable_not_applicable")
        ).all()
    assert event.actor == COORDINATOR
    assert event.payload["before"] == {"not_applicable": False, "reason": ""}
    assert event.payload["after"] == {"not_applicable": True, "reason": WHY}


def test_taken_back_it_is_chased_again(planned: Engine) -> None:
    ctx = ctx_for(planned, COORDINATOR, at("2019-04-01", 9))
    mark(ctx, NotApplicableIn("budget/BUN", WHY))
    again = mark(ctx, NotApplicableIn("budget/BUN", "Felmarkerad", applies=True))
    assert not again.not_applicable
    sweep(planned, at("2019-05-10", 7))
    assert BUN in _mailed(planned)
    assert _status(planned, "BUN", at("2019-05-10")) is Status.OVERDUE
    with Session(planned) as session:
        kinds = [
            e.kind
            for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.seq)))
            if e.kind.startswith("deliverable_")
        ]
    assert kinds == ["deliverable_not_applicable", "deliverable_applies_again"]


@pytest.mark.parametrize(
    ("actor", "form", "error"),
    [
        (BUN, NotApplicableIn("budget/BUN", WHY), Refused),  # a nämnd does not excuse itself
        (COORDINATOR, NotApplicableIn("budget/BUN", "  "), InvalidInput),
        (COORDINATOR, NotApplicableIn("budget/BUN", "x" * 501), InvalidInput),
        (COORDINATOR, NotApplicableIn("budget/BUN", "", applies=True), InvalidInput),
        (COORDINATOR, NotApplicableIn("budget/XYZ", WHY), Exception),
    ],
)
def test_a_refused_mark_changes_nothing(
    planned: Engine, actor: str, form: NotApplicableIn, error: type[Exception]
) -> None:
    before = {k: v for k, v in dump(planned).items() if k != "auditevent"}
    with pytest.raises(error):
        mark(ctx_for(planned, actor, at("2019-04-01", 9)), form)
    assert {k: v for k, v in dump(planned).items() if k != "auditevent"} == before


def test_something_handed_in_applied(planned: Engine, tmp_path: Path) -> None:
    pdf = tmp_path / "underlag.pdf"
    pdf.write_bytes(b"%PDF-1.4\nunderlag\n%%EOF\n")
    submit(ctx_for(planned, BUN, at("2019-04-15")), SubmissionIn("budget/BUN", (pdf,)))
    with pytest.raises(InvalidInput) as refused:
        mark(ctx_for(planned, COORDINATOR, at("2019-04-16")), NotApplicableIn("budget/BUN", WHY))
    assert refused.value.key == "not_applicable_handed_in"


def test_the_command_line_marks_and_exports_say_so(clean_environment: Path) -> None:
    engine = make_engine(get_settings().resolved_database_url)
    create_schema(engine)
    plan_into(engine)
    runner = CliRunner()
    marked = runner.invoke(
        app,
        ["--as", COORDINATOR, "deliverable", "not-applicable", "budget/BUN", "--reason", WHY],
    )
    assert marked.exit_code == 0, marked.output
    assert "budget/BUN är inte aktuell i år" in marked.stdout
    listed = runner.invoke(app, ["deadlines", "--all", "--year", "2020", "-f", "json"])
    (row,) = [
        r for r in json.loads(listed.stdout) if (r["milestone"], r["body"]) == ("budget", "BUN")
    ]
    assert (row["status"], row["not_applicable_reason"]) == ("not_applicable", WHY)
    board = runner.invoke(app, ["status", "--year", "2020", "--as-of", "2019-05-10"])
    assert "inte aktuell" in board.stdout
    feed = runner.invoke(app, ["calendar", "--body", "BUN", "--year", "2020"])
    assert "SUMMARY:Underlag (BUN) (inte aktuell)" in feed.stdout.replace("\r\n ", "")
    undone = runner.invoke(
        app, ["--as", COORDINATOR, "deliverable", "not-applicable", "budget/BUN", "--undo"]
    )
    assert undone.exit_code == 0 and "aktuell igen" in undone.stdout
    twice = runner.invoke(
        app, ["--as", COORDINATOR, "deliverable", "not-applicable", "budget/BUN", "--undo"]
    )
    assert twice.exit_code == 1 and "inget att ångra" in twice.stderr
    engine.dispose()
