"""A milestone that opens on a decision: waiting (and not chased) until the decision is
recorded, then an ordinary deliverable. Real database file, real SMTP server."""

from __future__ import annotations

import datetime as dt

import pytest
from arshjul.models import queries
from arshjul.models.tables import Cycle
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.core.board import build_board
from arshjul.core.status import Status
from arshjul.services.decisions import DecisionIn, record
from tests.factories import MAIL_TEMPLATE, at, ctx_for, plan_into, sweep
from tests.smtp_server import Inbox

D = dt.date.fromisoformat
GATED = MAIL_TEMPLATE.replace(
    "      - {role: auditor, name: Revisor, email: revisor@example.org}\n",
    "      - {role: auditor, name: Revisor, email: revisor@example.org}\n"
    "      - {role: secretary, name: Sekreterare KF, email: kf@example.org}\n",
) + (
    "  - key: plan\n"
    "    title: Verksamhetsplan inom ramen\n"
    "    deliverable: Verksamhetsplan\n"
    "    responsible: every nämnd\n"
    '    deadline: {fixed: "11-29", year: -1}\n'
    "    opens_on_decision: kf-budget\n"
)


@pytest.fixture
def gated(engine: Engine) -> Engine:
    plan_into(engine, GATED)
    return engine


def plan_status(engine: Engine, now: dt.datetime) -> dict[str, Status]:
    with Session(engine) as session:
        cycle = session.exec(select(Cycle)).one()
        board = build_board(queries.deliverable_rows(session=session, cycle=cycle), now, 7)
    return {c.row.body_key: c.status.status for c in board.cells if c.row.milestone_key == "plan"}


def plan_reminders(smtp: Inbox) -> list[str]:
    return [
        m["To"].addresses[0].addr_spec for m in smtp.messages if "Verksamhetsplan" in m["Subject"]
    ]


def test_waits_for_the_decision_then_is_chased(gated: Engine, smtp: Inbox) -> None:
    assert plan_status(gated, at("2019-11-25")) == {"KS": Status.WAITING, "BUN": Status.WAITING}
    assert plan_status(gated, at("2019-12-02")) == {"KS": Status.WAITING, "BUN": Status.WAITING}
    sweep(gated, at("2019-11-28", 7))  # one business day before: nobody is chased yet
    assert plan_reminders(smtp) == []

    record(
        ctx_for(gated, "kf@example.org", at("2019-11-28", 9)),
        DecisionIn(
            body_key="KF",
            meeting_date=D("2019-11-27"),
            paragraph="§ 98",
            title="Budget 2020 och ramar per nämnd",
            milestone_key="kf-budget",
            year=2020,
        ),
    )
    assert plan_status(gated, at("2019-11-28", 8)) == {"KS": Status.WAITING, "BUN": Status.WAITING}
    assert plan_status(gated, at("2019-11-28", 10)) == {
        "KS": Status.DUE_SOON,
        "BUN": Status.DUE_SOON,
    }
    sweep(gated, at("2019-11-28", 10))
    assert sorted(plan_reminders(smtp)) == ["bun@example.org", "ks@example.org"]


def test_a_decision_for_another_milestone_does_not_open_it(gated: Engine) -> None:
    record(
        ctx_for(gated, "kf@example.org", at("2019-06-18")),
        DecisionIn(
            body_key="KF",
            meeting_date=D("2019-06-17"),
            paragraph="§ 12",
            title="Val av revisorer",
        ),
    )
    assert set(plan_status(gated, at("2019-11-25")).values()) == {Status.WAITING}
