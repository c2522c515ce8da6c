"""The decisions register against a real database file."""

from __future__ import annotations

import datetime as dt

import pytest
from arshjul.models import queries
from arshjul.models.tables import AuditEvent, Cycle, Decision, Milestone
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.core.board import build_board
from arshjul.core.status import Status
from arshjul.errors import ArshjulError, Refused
from arshjul.services.decisions import DecisionIn, DecisionUpdateIn, listing, record, update
from tests.factories import at, ctx_for, plan_into
from tests.models.test_store import dump

KF_SECRETARY = "kf@example.org"
D = dt.date.fromisoformat


@pytest.fixture
def planned(engine: Engine) -> Engine:
    from tests.factories import MAIL_TEMPLATE

    text = MAIL_TEMPLATE.replace(
        "      - {role: auditor, name: Revisor, email: revisor@example.org}\n",
        "      - {role: auditor, name: Revisor, email: revisor@example.org}\n"
        "      - {role: secretary, name: Sekreterare KF, email: kf@example.org}\n",
    )
    plan_into(engine, text)
    return engine


def kf_budget(engine: Engine, **kw):
    args = {
        "actor": KF_SECRETARY,
        "body_key": "KF",
        "meeting_date": D("2019-06-17"),
        "paragraph": "§ 61",
        "title": "Budget 2020",
        "diarienummer": "KS 2019/112",
        "milestone_key": "kf-budget",
        "year": 2020,
        "now": at("2019-06-20", 10),
        **kw,
    }
    actor, now = args.pop("actor"), args.pop("now")
    return record(ctx_for(engine, actor, now), DecisionIn(**args))


def test_a_decision_completes_its_milestone(planned: Engine) -> None:
    view = kf_budget(planned, justered=D("2019-06-19"), announced=D("2019-06-20"))
    data = view.as_dict()
    assert (data["appeal_ends"], data["laga_kraft"], data["provisional"]) == (
        "2019-07-11",
        "2019-07-12",
        False,
    )
    with Session(planned) as session:
        cycle = session.exec(select(Cycle)).one()
        board = build_board(
            queries.deliverable_rows(session=session, cycle=cycle, body_key="KF"),
            at("2019-06-21"),
            7,
        )
        kinds = [e.kind for e in session.exec(select(AuditEvent).order_by(AuditEvent.seq))]
    status = next(c.status.status for c in board.cells if c.row.milestone_key == "kf-budget")
    assert status is Status.ACCEPTED
    assert kinds[-2:] == ["decision_recorded", "completed_by_decision"]


def test_justering_and_anslag_recorded_later(planned: Engine) -> None:
    view = kf_budget(planned)
    assert view.as_dict()["laga_kraft"] is None and view.clock.provisional
    view = update(
        ctx_for(planned, KF_SECRETARY, at("2019-06-19", 15)),
        DecisionUpdateIn(view.decision.id, D("2019-06-19"), None),
    )
    # the latest lawful anslag (21 June) is midsommarafton, so it moves to Monday 24 June
    assert view.as_dict()["laga_kraft"] == "2019-07-16" and view.clock.provisional
    view = update(
        ctx_for(planned, KF_SECRETARY, at("2019-06-20", 9)),
        DecisionUpdateIn(view.decision.id, None, D("2019-06-20")),
    )
    assert view.as_dict()["laga_kraft"] == "2019-07-12" and not view.clock.provisional
    _muni, views = listing(ctx_for(planned), municipality="9999", year=2020)
    assert [v.decision.paragraph for v in views] == ["§ 61"]
    assert listing(ctx_for(planned), municipality="9999", year=2021)[1] == []


def test_omedelbar_justering(planned: Engine) -> None:
    view = kf_budget(planned, omedelbar=True, milestone_key=None)
    assert view.decision.justered_on == D("2019-06-17")
    assert view.as_dict()["latest_anslag"] == "2019-06-19"


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"justered": D("2019-06-10")}, "justered_before_meeting"),
        ({"announced": D("2019-06-20")}, "announced_without_justering"),
        ({"justered": D("2019-06-19"), "announced": D("2019-06-18")}, "announced_before_justering"),
        ({"title": " "}, "decision_needs"),
        ({"body_key": "XX"}, "unknown_body"),
        ({"milestone_key": "nope"}, "unknown_deliverable"),
        ({"actor": None}, "who_are_you"),
    ],
)
def test_bad_decisions_store_nothing(planned: Engine, changes: dict, key: str) -> None:
    before = dump(planned)
    with pytest.raises(ArshjulError) as caught:
        kf_budget(planned, **changes)
    assert caught.value.key == key
    assert dump(planned) == before


def test_the_same_paragraph_twice(planned: Engine) -> None:
    kf_budget(planned)
    with pytest.raises(ArshjulError) as caught:
        kf_budget(planned)
    assert caught.value.key == "decision_exists"
    with Session(planned) as session:
        assert len(session.exec(select(Decision)).all()) == 1


@pytest.mark.parametrize("actor", ["bun@example.org", "nobody@example.org"])
def test_another_bodys_secretary_is_refused_and_logged(planned: Engine, actor: str) -> None:
    with pytest.raises(Refused):
        kf_budget(planned, actor=actor)
    with Session(planned) as session:
        refused = session.exec(select(AuditEvent).where(AuditEvent.kind == "refused")).one()
        assert refused.payload["action"] == "record_decision"
        assert session.exec(select(Decision)).all() == []


def test_a_decision_cannot_complete_a_document(planned: Engine) -> None:
    """BUN's secretary records a decision of her own body naming her overdue budget
    underlag: refused, nothing stored, the deliverable still overdue."""
    before = dump(planned)
    with pytest.raises(ArshjulError) as caught:
        kf_budget(
            planned,
            actor="bun@example.org",
            body_key="BUN",
            paragraph="§ 12",
            title="Budgetunderlag 2020",
            milestone_key="budget",
        )
    assert caught.value.key == "not_a_decision"
    assert dump(planned) == before


def test_old_databases_gain_the_column_with_documents_as_the_default(engine: Engine) -> None:
    from arshjul.models.db import upgrade_schema
    from sqlalchemy import text

    plan_into(engine)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE milestone DROP COLUMN completed_by"))
    assert upgrade_schema(engine) == ["milestone.completed_by"]
    with Session(engine) as session:
        kinds = {m.key: m.completed_by for m in session.exec(select(Milestone))}
    assert set(kinds.values()) == {"hand_in"}
