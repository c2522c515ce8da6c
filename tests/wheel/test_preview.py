"""Preview before apply, on a real database: a preview changes nothing (not a byte of the
file); applying re-plans in one transaction with the new version, the audit events and the
changed-date notices in the outbox; a preview made before someone else's change is refused
with a clear message, and the new preview applies."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from arshjul.models.tables import AuditEvent, OutboxMessage, TemplateVersion
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from arshjul.cli import app
from arshjul.core.reminders import NoticeKind
from arshjul.errors import LawErrors, Refused, TemplateInvalid, WheelChanged
from arshjul.services.board import load_board
from arshjul.services.wheel_changes import Change, apply_change, preview, preview_change
from arshjul.texts import label
from tests.core.test_law import law_template
from tests.factories import MAIL_TEMPLATE, at, ctx_for, plan_into, write
from tests.models.test_store import dump

COORDINATOR, OTHER, BUN = "samordnare@example.org", "ekonom@example.org", "bun@example.org"
TWO_COORDINATORS = MAIL_TEMPLATE.replace(
    "      - {role: coordinator, name: Samordnare, email: samordnare@example.org}\n",
    "      - {role: coordinator, name: Samordnare, email: samordnare@example.org}\n"
    "      - {role: coordinator, name: Ekonom, email: ekonom@example.org}\n",
)
MOVED = TWO_COORDINATORS.replace("business_days: 10}", "business_days: 5}")
LATER = TWO_COORDINATORS.replace("business_days: 10}", "business_days: 3}")
NOW = at("2019-03-01", 9)


@pytest.fixture
def planned(engine: Engine) -> Engine:
    plan_into(engine, TWO_COORDINATORS)
    return engine


def _file_hash(engine: Engine) -> str:
    """The SQLite file's bytes (PostgreSQL: the rows alone are compared)."""
    path = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not path:
        return ""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_a_preview_lists_the_moves_and_changes_nothing(planned: Engine) -> None:
    before, before_bytes = dump(planned), _file_hash(planned)
    found = preview_change(ctx_for(planned, COORDINATOR, NOW), Change(MOVED, "wheel.yaml", 2020))
    (moved,) = found.diff.moved
    assert (moved.key, moved.old) == ("budget", dt.date(2019, 5, 7))
    assert moved.new == dt.date(2019, 5, 14)
    assert found.recipients == {("budget", "KS"): ["ks@example.org"], ("budget", "BUN"): [BUN]}
    assert found.base_version == 1 and not found.same_text
    assert dump(planned) == before and _file_hash(planned) == before_bytes


def test_applying_re_plans_with_notices_in_the_outbox(planned: Engine) -> None:
    ctx = ctx_for(planned, COORDINATOR, NOW)
    found = preview_change(ctx, Change(MOVED, "wheel.yaml", 2020))
    changes = apply_change(
        ctx, Change(MOVED, "wheel.yaml", 2020, found.base_sha256, "KS flyttar", "upload")
    )
    assert changes.version == 2 and changes.moved[0][2] == dt.date(2019, 5, 14)
    board = load_board(ctx, municipality=None, year=2020).board
    assert board.cell("budget", "BUN").status.deadline == dt.date(2019, 5, 14)
    with Session(planned) as session:
        notices = session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == NoticeKind.DEADLINE_CHANGED)
        ).all()
        versions = session.exec(select(TemplateVersion)).all()
        kinds = [e.kind for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.seq)))]
    assert sorted(n.recipient for n in notices) == [BUN, "ks@example.org"]
    assert [(v.version, v.source, v.author, v.reason) for v in versions][-1] == (
        2,
        "upload",
        COORDINATOR,
        "KS flyttar",
    )
    assert kinds[-5:-2] == ["template_version_added", "deadline_moved", "cycle_planned"]
    assert kinds[-2:] == ["deadline_changed_sent"] * 2  # sent once committed


def test_the_second_coordinator_is_told_the_wheel_changed(planned: Engine) -> None:
    first, second = ctx_for(planned, COORDINATOR, NOW), ctx_for(planned, OTHER, NOW)
    seen_first = preview_change(first, Change(MOVED, "a.yaml", 2020))
    seen_second = preview_change(second, Change(LATER, "b.yaml", 2020))
    apply_change(first, Change(MOVED, "a.yaml", 2020, seen_first.base_sha256))
    before = dump(planned)
    with pytest.raises(WheelChanged) as refused:
        apply_change(second, Change(LATER, "b.yaml", 2020, seen_second.base_sha256))
    assert dump(planned) == before
    message = label(refused.value.key, "sv", **refused.value.params)
    assert "har ändrats sedan förhandsvisningen" in message and COORDINATOR in message
    again = preview_change(second, Change(LATER, "b.yaml", 2020))
    assert again.base_version == 2
    assert [(m.old, m.new) for m in again.diff.moved] == [
        (dt.date(2019, 5, 14), dt.date(2019, 5, 16))
    ]
    assert apply_change(second, Change(LATER, "b.yaml", 2020, again.base_sha256)).version == 3


@pytest.mark.parametrize(
    ("actor", "text", "error"),
    [
        (BUN, MOVED, Refused),  # a secretary does not re-plan the year
        (COORDINATOR, MOVED.replace("kind: namnd", "kind: x"), TemplateInvalid),
        (COORDINATOR, law_template(kf='{fixed: "12-03", year: -1}'), LawErrors),
    ],
)
def test_a_refused_change_stores_nothing(
    planned: Engine, actor: str, text: str, error: type[Exception]
) -> None:
    before = {k: v for k, v in dump(planned).items() if k != "auditevent"}
    with pytest.raises(error) as raised:
        apply_change(ctx_for(planned, actor, NOW), Change(text, "bad.yaml", 2020, None))
    assert {k: v for k, v in dump(planned).items() if k != "auditevent"} == before
    if error is TemplateInvalid:
        (problem,) = raised.value.problems  # type: ignore[attr-defined]
        assert (problem.file, problem.field) == ("bad.yaml", "bodies[2].kind") and problem.line


def test_plan_preview_on_the_command_line_changes_nothing(
    clean_environment: Path, tmp_path: Path
) -> None:
    from arshjul.models.db import create_schema, make_engine

    from arshjul.settings import get_settings

    engine = make_engine(get_settings().resolved_database_url)
    create_schema(engine)
    plan_into(engine, TWO_COORDINATORS)
    before, before_bytes = dump(engine), _file_hash(engine)
    path = write(tmp_path, MOVED)
    result = CliRunner().invoke(
        app, ["plan", str(path), "--year", "2020", "--preview", "--as-of", "2019-03-01"]
    )
    assert result.exit_code == 0, result.output
    assert "budget (Budgetunderlag): 2019-05-07 → 2019-05-14" in result.stdout
    assert "budget/BUN: 2019-05-07 → 2019-05-14 till bun@example.org" in result.stdout
    assert "--expect-version " in result.stdout and "ingenting har ändrats" in result.stdout
    assert dump(engine) == before and _file_hash(engine) == before_bytes
    bad = write(tmp_path, MOVED.replace("kind: namnd", "kind: x"), "bad.yaml")
    refused = CliRunner().invoke(app, ["plan", str(bad), "--year", "2020", "--preview"])
    assert refused.exit_code == 1 and "bad.yaml:15: bodies[2].kind" in refused.stderr
    engine.dispose()


def test_the_plain_preview_needs_no_one(planned: Engine) -> None:
    """`plan --preview`, like `plan`, is the server's operator's: no --as needed."""
    found = preview(ctx_for(planned, None, NOW), Change(TWO_COORDINATORS, "same.yaml", 2020))
    assert found.same_text and not found.diff.changed


def test_two_coordinators_applying_at_the_same_moment_one_wins(planned: Engine) -> None:
    """Both previewed version 1 and press apply together: one change is applied, the other
    refused as stale (on SQLite by the write lock, on PostgreSQL by the unique version)."""
    import threading

    base = preview(ctx_for(planned, None, NOW), Change(MOVED, "a.yaml", 2020)).base_sha256
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def apply(actor: str, text: str) -> None:
        start.wait()
        try:
            apply_change(ctx_for(planned, actor, NOW), Change(text, "x.yaml", 2020, base))
            outcomes.append("applied")
        except WheelChanged:
            outcomes.append("refused")

    threads = [
        threading.Thread(target=apply, args=(COORDINATOR, MOVED)),
        threading.Thread(target=apply, args=(OTHER, LATER)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["applied", "refused"]
    with Session(planned) as session:
        assert [v.version for v in session.exec(select(TemplateVersion))] == [1, 2]
