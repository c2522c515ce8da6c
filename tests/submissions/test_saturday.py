"""One lateness rule everywhere: a hand-in on the Saturday after a Friday deadline is one
business day late in the receipt, the `submitted` audit event, the submit outcome the CLI
prints, the status board, the auditors' CSV and the overdue notices (it used to be 0 in the
first three and 1 in the others)."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from pathlib import Path

import pytest
from arshjul.models import queries
from arshjul.models.tables import AuditEvent, Cycle, Municipality
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.core.board import build_board
from arshjul.core.status import Status
from arshjul.services.audit import submission_rows
from arshjul.services.submissions import SubmissionIn, submit
from tests.factories import MAIL_TEMPLATE, at, ctx_for, plan_into, sweep, with_milestone

FRIDAY_MILESTONE = """\
  - key: fredag
    title: Rapport på en fredag
    deliverable: Rapport
    responsible: BUN
    deadline: {fixed: "05-10", year: -1}
"""
FRIDAY = dt.date(2019, 5, 10)
SATURDAY = at("2019-05-11", 10, 30)


@pytest.fixture
def planned(engine: Engine) -> Engine:
    plan_into(engine, with_milestone(FRIDAY_MILESTONE, MAIL_TEMPLATE))
    return engine


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "rapport.txt"
    path.write_text("Rapport BUN\n", encoding="utf-8")
    return path


def test_a_saturday_hand_in_is_one_business_day_late_everywhere(
    planned: Engine, report: Path, clean_environment: Path
) -> None:
    outcome = submit(
        ctx_for(planned, "bun@example.org", SATURDAY), SubmissionIn("fredag/BUN", (report,))
    )
    assert (outcome.deadline, outcome.late_business_days) == (FRIDAY, 1)

    (receipt,) = [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in (clean_environment / "outbox").glob("*.eml")
    ]
    text = receipt.get_body(("plain",)).get_content()
    assert "inlämnad 1 arbetsdag sent" in text and "i tid" not in text

    with Session(planned) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.kind == "submitted")).one()
        cycle = session.exec(select(Cycle)).one()
        muni = session.exec(select(Municipality)).one()
        rows = queries.deliverable_rows(session=session, cycle=cycle, body_key="BUN")
    assert (event.payload["late_business_days"], event.payload["deadline_in_force"]) == (
        1,
        "2019-05-10",
    )

    board = build_board(rows, at("2019-05-13"), 7)
    cell = next(c for c in board.cells if c.row.milestone_key == "fredag")
    assert (cell.status.status, cell.status.business_days_late) == (Status.SUBMITTED_LATE, 1)

    (row,) = [
        r
        for r in submission_rows(ctx_for(planned), municipality=muni, year=2020)
        if r["milestone"] == "fredag"
    ]
    assert (row["deadline"], row["on_time"], row["business_days_late"]) == (
        "2019-05-10",
        False,
        1,
    )


def test_an_overdue_notice_on_monday_says_one_business_day(
    planned: Engine, clean_environment: Path
) -> None:
    sweep(planned, at("2019-05-13", 7))
    overdue = [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in (clean_environment / "outbox").glob("*.eml")
    ]
    bodies = [
        m.get_body(("plain",)).get_content()
        for m in overdue
        if m["Subject"].startswith("Försenad") and "Rapport" in m["Subject"]
    ]
    assert bodies and all("1 arbetsdag" in body for body in bodies)
