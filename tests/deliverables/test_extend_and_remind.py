"""A coordinator gives one body's deliverable a deadline of its own, and reminds a body now:
on a real database, with the outbox, the board, the sweep and the audit trail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from arshjul.models.tables import AuditEvent, DeadlineChange, OutboxMessage
from arshjul.notifications import remind_now
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from arshjul.access import load_target
from arshjul.core.reminders import NoticeKind
from arshjul.core.status import Status
from arshjul.errors import InvalidInput, Refused
from arshjul.services.audit import submission_rows
from arshjul.services.board import load_board
from arshjul.services.deadlines import ExtensionIn, extend
from arshjul.services.submissions import SubmissionIn, submit
from tests.factories import at, ctx_for, plan_into, sweep
from tests.models.test_store import dump

BUN, KS, COORDINATOR = "bun@example.org", "ks@example.org", "samordnare@example.org"
PLANNED = dt.date(2019, 5, 7)  # budget: ten business days before KS on 21 May 2019
GIVEN = dt.date(2019, 5, 20)


@pytest.fixture
def planned(engine: Engine, clean_environment: Path) -> Engine:
    plan_into(engine)
    return engine


def _outbox(engine: Engine, kind: NoticeKind) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(OutboxMessage)
                .where(OutboxMessage.kind == kind)
                .order_by(col(OutboxMessage.id))
            )
        )


def _cell(engine: Engine, body: str, now: dt.datetime):
    view = load_board(ctx_for(engine, now=now), municipality=None, year=2020)
    return view.board.cell("budget", body)


def test_one_body_gets_a_deadline_of_its_own(planned: Engine) -> None:
    ctx = ctx_for(planned, COORDINATOR, at("2019-05-02", 9))
    done = extend(ctx, ExtensionIn("budget/BUN", GIVEN, "Ny förvaltningschef"))
    assert (done.old_deadline, done.new_deadline, done.notices) == (PLANNED, GIVEN, 1)
    bun, ks = _cell(planned, "BUN", at("2019-05-08")), _cell(planned, "KS", at("2019-05-08"))
    assert (bun.status.status, bun.status.deadline) == (Status.UPCOMING, GIVEN)
    assert bun.row.extension_reason == "Ny förvaltningschef"
    assert (ks.status.status, ks.status.deadline) == (Status.OVERDUE, PLANNED)
    (notice,) = _outbox(planned, NoticeKind.DEADLINE_CHANGED)
    assert notice.recipient == BUN and "2019" in notice.body_text
    with Session(planned) as session:
        (change,) = session.exec(select(DeadlineChange)).all()
        assert change.deliverable_id == done.deliverable_id
        (event,) = session.exec(
            select(AuditEvent).where(AuditEvent.kind == "deadline_extended")
        ).all()
    assert event.actor == COORDINATOR
    assert (event.payload["before"], event.payload["after"]) == ("2019-05-07", "2019-05-20")
    assert event.payload["reason"] == "Ny förvaltningschef"


def test_the_sweep_chases_each_body_by_its_own_deadline(planned: Engine) -> None:
    extend(
        ctx_for(planned, COORDINATOR, at("2019-05-02", 9)),
        ExtensionIn("budget/BUN", GIVEN, "Sjukdom"),
    )
    sweep(planned, at("2019-05-09", 7))  # two business days after the milestone's deadline
    overdue = {m.recipient for m in _outbox(planned, NoticeKind.OVERDUE)}
    assert KS in overdue and BUN not in overdue
    changed = _outbox(planned, NoticeKind.DEADLINE_CHANGED)
    assert [m.recipient for m in changed] == [BUN]  # the sweep queued nothing twice


def test_a_hand_in_is_judged_against_the_deadline_given(planned: Engine, tmp_path: Path) -> None:
    extend(
        ctx_for(planned, COORDINATOR, at("2019-05-02", 9)),
        ExtensionIn("budget/BUN", GIVEN, "Sjukdom"),
    )
    pdf = tmp_path / "underlag.pdf"
    pdf.write_bytes(b"%PDF-1.4\nunderlag\n%%EOF\n")
    outcome = submit(ctx_for(planned, BUN, at("2019-05-15")), SubmissionIn("budget/BUN", (pdf,)))
    assert (outcome.deadline, outcome.late_business_days) == (GIVEN, 0)
    ctx = ctx_for(planned, "revisor@example.org", at("2019-06-01"))
    (row,) = submission_rows(
        ctx, municipality=load_target(ctx, "budget/BUN", None, None).municipality, year=2020
    )
    assert (row["deadline"], row["on_time"]) == ("2019-05-20", True)


@pytest.mark.parametrize(
    ("actor", "day", "reason", "error"),
    [
        (BUN, GIVEN, "Mer tid åt oss själva", Refused),  # a secretary gives herself no time
        (COORDINATOR, dt.date(2019, 5, 1), "Bakåt i tiden", InvalidInput),
        (COORDINATOR, dt.date(2019, 5, 18), "En lördag", InvalidInput),
        (COORDINATOR, GIVEN, "  ", InvalidInput),
    ],
)
def test_a_refused_extension_changes_nothing(
    planned: Engine, actor: str, day: dt.date, reason: str, error: type[Exception]
) -> None:
    before = {k: v for k, v in dump(planned).items() if k != "auditevent"}
    with pytest.raises(error):
        extend(ctx_for(planned, actor, at("2019-05-02", 9)), ExtensionIn("budget/BUN", day, reason))
    assert {k: v for k, v in dump(planned).items() if k != "auditevent"} == before


def test_no_extension_once_something_is_handed_in(planned: Engine, tmp_path: Path) -> None:
    pdf = tmp_path / "underlag.pdf"
    pdf.write_bytes(b"%PDF-1.4\nunderlag\n%%EOF\n")
    submit(ctx_for(planned, BUN, at("2019-05-03")), SubmissionIn("budget/BUN", (pdf,)))
    with pytest.raises(InvalidInput) as refused:
        extend(
            ctx_for(planned, COORDINATOR, at("2019-05-06")),
            ExtensionIn("budget/BUN", GIVEN, "För sent"),
        )
    assert refused.value.key == "extension_after_hand_in"


def test_remind_now_goes_once_a_day(planned: Engine) -> None:
    ctx = ctx_for(planned, COORDINATOR, at("2019-05-06", 10))
    target = load_target(ctx, "budget/BUN", None, None)
    assert remind_now(ctx, target)[0] == 1
    assert remind_now(ctx_for(planned, COORDINATOR, at("2019-05-06", 15)), target)[0] == 0
    (mail,) = _outbox(planned, NoticeKind.REMINDER)
    assert mail.recipient == BUN and "manual" in mail.key
    later = ctx_for(planned, COORDINATOR, at("2019-05-09", 10))
    new, status = remind_now(later, target)
    assert (new, status.status) == (1, Status.OVERDUE)
    (overdue,) = _outbox(planned, NoticeKind.OVERDUE)
    assert overdue.recipient == BUN
    with Session(planned) as session:
        asked = session.exec(
            select(AuditEvent).where(AuditEvent.kind == "reminder_requested")
        ).all()
    assert [e.payload["new"] for e in asked] == [1, 0, 1]


def test_only_the_office_reminds_and_only_what_is_owed(planned: Engine, tmp_path: Path) -> None:
    ctx = ctx_for(planned, BUN, at("2019-05-06", 10))
    with pytest.raises(Refused):
        remind_now(ctx, load_target(ctx, "budget/KS", None, None))
    pdf = tmp_path / "underlag.pdf"
    pdf.write_bytes(b"%PDF-1.4\nunderlag\n%%EOF\n")
    submit(ctx_for(planned, BUN, at("2019-05-03")), SubmissionIn("budget/BUN", (pdf,)))
    coordinator = ctx_for(planned, COORDINATOR, at("2019-05-06", 10))
    with pytest.raises(InvalidInput) as refused:
        remind_now(coordinator, load_target(coordinator, "budget/BUN", None, None))
    assert refused.value.key == "remind_not_outstanding"
    assert _outbox(planned, NoticeKind.REMINDER) == []
