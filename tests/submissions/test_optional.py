"""An optional step ("KF may revise the budget in November"): its deliverables are
"frivillig" on the board, in `status`, `deadlines`, the calendar, the export and the digest;
never late, never reminded or chased, and a hand-in after its date is on time."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

from arshjul.models.tables import OutboxMessage
from arshjul.notifications.digests import judge_all
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.core.milestone_runs import end_of_day
from arshjul.core.status import Status
from arshjul.services.board import body_calendar, load_board
from arshjul.services.milestone_mirror import Outcome, milestone_outcome
from arshjul.services.submissions import SubmissionIn, submit
from tests.factories import MAIL_TEMPLATE, at, ctx_for, plan_into, sweep, write

D = dt.date.fromisoformat
OPTIONAL = MAIL_TEMPLATE + (
    "  - key: revidering\n"
    "    title: Nämnden får revidera sitt underlag\n"
    "    deliverable: Reviderat underlag\n"
    "    responsible: every nämnd\n"
    '    deadline: {fixed: "05-24", year: -1}\n'
    "    optional: true\n"
)
WHO = {"code": "9999", "budget_year": 2020}


def statuses(engine: Engine, now: dt.datetime) -> dict[str, Status]:
    board = load_board(ctx_for(engine, now=now), municipality="9999", year=2020, body=None).board
    return {
        c.row.body_key: c.status.status for c in board.cells if c.row.milestone_key == "revidering"
    }


def test_optional_deliverables_are_frivillig_before_and_after_their_date(engine: Engine) -> None:
    plan_into(engine, OPTIONAL)
    for day in ("2019-05-01", "2019-05-24", "2019-09-01"):
        assert statuses(engine, at(day)) == {"KS": Status.OPTIONAL, "BUN": Status.OPTIONAL}


def test_they_are_never_reminded_nor_chased(engine: Engine) -> None:
    plan_into(engine, OPTIONAL)
    for day in ("2019-05-10", "2019-05-23", "2019-05-24", "2019-05-27", "2019-06-03"):
        sweep(engine, at(day, 7))
    with Session(engine) as session:
        keys = [m.key for m in session.exec(select(OutboxMessage))]
    about = [k for k in keys if "|d" in k]
    assert about and all(_milestone_of(engine, k) != "revidering" for k in about)


def _milestone_of(engine: Engine, key: str) -> str:
    from arshjul.models.tables import Deliverable, Milestone

    deliverable_id = int(key.split("|d", 1)[1].split("|", 1)[0])
    with Session(engine) as session:
        deliverable = session.get(Deliverable, deliverable_id)
        assert deliverable is not None
        milestone = session.get(Milestone, deliverable.milestone_id)
        assert milestone is not None
        return milestone.key


def test_a_hand_in_after_the_date_is_on_time_and_counted_submitted(
    engine: Engine, tmp_path: Path
) -> None:
    plan_into(engine, OPTIONAL)
    document = write(tmp_path, "reviderat\n", "r.txt")
    outcome = submit(
        ctx_for(engine, "bun@example.org", at("2019-06-10", 10)),
        SubmissionIn("revidering/BUN", (document,), municipality="9999", year=2020),
    )
    assert outcome.late_business_days == 0
    assert statuses(engine, at("2019-06-11")) == {"KS": Status.OPTIONAL, "BUN": Status.SUBMITTED}
    judged = judge_all(
        _session(engine), municipality_ids=[1], budget_years=[2020], now=at("2019-06-11")
    )
    counts: Counter[Status] = Counter()
    for by_body in judged.counts.values():
        for tally in by_body.values():
            counts.update(tally)
    assert counts[Status.OPTIONAL] == 1 and counts[Status.SUBMITTED] >= 1
    assert Status.SUBMITTED_LATE not in counts  # the late BUN hand-in of an optional step
    assert all(m_id != _revidering_id(engine) for _b, m_id, _d in judged.overdue)


def _session(engine: Engine) -> Session:
    return Session(engine)


def _revidering_id(engine: Engine) -> int:
    from arshjul.models.tables import Milestone

    with Session(engine) as session:
        found = session.exec(select(Milestone).where(Milestone.key == "revidering")).first()
        assert found is not None and found.optional
        return found.id or 0


def test_its_run_ends_complete_not_late(engine: Engine) -> None:
    plan_into(engine, OPTIONAL)
    ctx = ctx_for(engine, now=end_of_day(D("2019-05-24")))
    outcome = milestone_outcome(ctx, **WHO, milestone="revidering")
    assert outcome.outcome is Outcome.COMPLETE and outcome.missing == ()
    assert {h.status for h in outcome.rows} == {Status.OPTIONAL}


def test_the_calendar_and_the_deadlines_say_frivillig(engine: Engine) -> None:
    from arshjul.cli import render

    plan_into(engine, OPTIONAL)
    ctx = ctx_for(engine, now=at("2019-05-01"))
    text, _count = body_calendar(ctx, body="BUN", municipality="9999", year=2020)
    assert "SUMMARY:Reviderat underlag (BUN) (frivillig)" in text
    board = load_board(ctx, municipality="9999", year=2020, body=None).board
    records = [
        r for r in render.deadline_records(board, "sv", None) if r["milestone"] == "revidering"
    ]
    assert {(r["status"], r["optional"]) for r in records} == {("optional", True)}
    assert json.dumps(records, ensure_ascii=False)


def test_not_even_a_coordinator_chases_an_optional_step_by_hand(engine: Engine) -> None:
    import pytest
    from arshjul.notifications import remind_now

    from arshjul.access import load_target
    from arshjul.errors import InvalidInput

    plan_into(engine, OPTIONAL)
    coordinator = ctx_for(engine, "samordnare@example.org", at("2019-06-03", 10))
    with pytest.raises(InvalidInput) as refused:
        remind_now(coordinator, load_target(coordinator, "revidering/BUN", None, None))
    assert refused.value.key == "remind_not_outstanding"
    assert refused.value.params["status"] == "optional"
