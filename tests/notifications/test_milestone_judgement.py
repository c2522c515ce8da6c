"""What a milestone's Prefect run decides and queues, without Prefect: the outcome as of the
end of the deadline day, the overdue notices under the daily sweep's own keys (so the sweep
sends nothing twice), and the coordinators' notice of a late KF decision, once, whether
the automation or the daily sweep's fallback queues it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from arshjul.models.tables import OutboxMessage
from arshjul.notifications.due import enqueue
from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.core.milestone_runs import end_of_day
from arshjul.services.decisions import DecisionIn, record
from arshjul.services.milestone_mirror import (
    LateDecisions,
    Outcome,
    announce_late_decisions,
    day_end,
    decision_late_notices,
    ensure_overdue_notices,
    judging_instant,
    milestone_outcome,
    outcome_markdown,
)
from arshjul.services.submissions import SubmissionIn, submit
from tests.factories import MAIL_TEMPLATE, at, ctx_for, plan_into, write

D = dt.date.fromisoformat
BUDGET_DUE = D("2019-05-07")  # ten business days before KS on 21 May 2019
WHO = {"code": "9999", "budget_year": 2020}


def outbox(engine: Engine, kind: str) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def test_nothing_handed_in_is_late_and_lists_who_is_missing(engine: Engine) -> None:
    plan_into(engine, MAIL_TEMPLATE)
    ctx = ctx_for(engine, now=end_of_day(BUDGET_DUE))
    outcome = milestone_outcome(ctx, **WHO, milestone="budget")
    assert outcome.outcome is Outcome.LATE
    assert [h.body_key for h in outcome.missing] == ["KS", "BUN"]
    report = outcome_markdown(outcome, "en")
    assert "Late: 2 have not handed in Budgetunderlag (due 2019-05-07)" in report
    assert "| KS Kommunstyrelsen | overdue | – | 1 |" in report  # the day has ended


def test_a_run_that_starts_late_judges_as_of_the_end_of_the_deadline_day(
    engine: Engine, tmp_path: Path
) -> None:
    plan_into(engine, MAIL_TEMPLATE)
    document = write(tmp_path, "underlag\n", "u.txt")
    for secretary, body in (("ks@example.org", "KS"), ("bun@example.org", "BUN")):
        submit(
            ctx_for(engine, secretary, at("2019-05-09", 10)),  # two days late
            SubmissionIn(f"budget/{body}", (document,), municipality="9999", year=2020),
        )
    later = ctx_for(engine, now=at("2019-05-20", 3))
    instant = judging_instant(later, **WHO, milestone="budget")
    assert instant == end_of_day(BUDGET_DUE) == dt.datetime(2019, 5, 7, 22, tzinfo=dt.UTC)
    assert milestone_outcome(later.at(instant), **WHO, milestone="budget").outcome is Outcome.LATE
    now = milestone_outcome(later, **WHO, milestone="budget")
    assert now.outcome is Outcome.COMPLETE  # handed in, late: the report says by how much
    assert [h.business_days_late for h in now.rows] == [2, 2]
    early = ctx_for(engine, now=at("2019-05-02", 12))
    assert judging_instant(early, **WHO, milestone="budget") == at("2019-05-02", 12)


def test_overdue_notices_are_queued_once_under_the_sweeps_keys(engine: Engine) -> None:
    plan_into(engine, MAIL_TEMPLATE)
    ctx = ctx_for(engine, now=end_of_day(BUDGET_DUE))
    queued = ensure_overdue_notices(ctx, **WHO, milestone="budget")
    rows = outbox(engine, "overdue")
    # each secretary, and the coordinator's copy of each
    assert queued == len(rows) == 4
    assert {r.recipient for r in rows} == {
        "ks@example.org",
        "bun@example.org",
        "samordnare@example.org",
    }
    morning = at("2019-05-08", 7)  # the next business morning's sweep
    assert {r.next_attempt_at.astimezone(dt.UTC) for r in rows} == {morning.astimezone(dt.UTC)}
    assert ensure_overdue_notices(ctx, **WHO, milestone="budget") == 0
    keys = {r.key for r in rows}
    enqueue(ctx_for(engine, now=morning))  # queues pf's notices too, but none of these again
    after = [r for r in outbox(engine, "overdue") if "Underlag" in r.subject]
    assert {r.key for r in after} == keys and len(after) == 4


def test_a_late_kf_decision_is_told_to_the_coordinators_once(engine: Engine) -> None:
    plan_into(engine, MAIL_TEMPLATE)
    ctx = ctx_for(engine, now=at("2019-06-18", 9))
    assert milestone_outcome(ctx, **WHO, milestone="kf-budget").outcome is Outcome.LATE
    assert decision_late_notices(ctx, **WHO, milestone="kf-budget") == 1
    assert decision_late_notices(ctx, **WHO, milestone="kf-budget") == 0  # fired again
    (told,) = outbox(engine, "decision_late")
    assert told.recipient == "samordnare@example.org"
    assert told.subject == "Beslutet är försenat: Budget beslutas (senast måndag 17 juni 2019)"


def test_a_recorded_decision_is_not_late_and_nobody_is_told(engine: Engine) -> None:
    plan_into(engine, MAIL_TEMPLATE)
    record(
        ctx_for(engine, "samordnare@example.org", at("2019-06-18", 9)),
        DecisionIn(
            body_key="KF",
            meeting_date=D("2019-06-17"),
            paragraph="§ 61",
            title="Budget 2020",
            milestone_key="kf-budget",
            year=2020,
            municipality="9999",
        ),
    )
    ctx = ctx_for(engine, now=at("2019-06-18", 10))
    assert milestone_outcome(ctx, **WHO, milestone="kf-budget").outcome is Outcome.COMPLETE
    assert decision_late_notices(ctx, **WHO, milestone="kf-budget") == 0
    assert outbox(engine, "decision_late") == []


def test_a_milestone_behind_a_closed_gate_waits_and_one_planned_away_is_gone(
    engine: Engine,
) -> None:
    gated = MAIL_TEMPLATE + (
        "  - key: vp\n    title: Verksamhetsplan\n    deliverable: Plan\n"
        '    responsible: every nämnd\n    deadline: {fixed: "09-02", year: -1}\n'
        "    opens_on_decision: kf-budget\n"
    )
    plan_into(engine, gated)
    ctx = ctx_for(engine, now=end_of_day(D("2019-09-02")))
    assert milestone_outcome(ctx, **WHO, milestone="vp").outcome is Outcome.WAITING
    assert milestone_outcome(ctx, **WHO, milestone="no-such").outcome is Outcome.GONE
    assert ensure_overdue_notices(ctx, **WHO, milestone="no-such") == 0


LOOKBACK = dt.timedelta(days=30)


def test_the_sweep_tells_of_a_late_decision_the_automation_never_told(engine: Engine) -> None:
    plan_into(engine, MAIL_TEMPLATE)
    on_the_day = ctx_for(engine, now=at("2019-06-17", 16))  # KF meets; the day has not ended
    assert announce_late_decisions(on_the_day, lookback=LOOKBACK) == LateDecisions()
    midsommarafton = ctx_for(engine, now=at("2019-06-21", 7))  # a day off: nothing planned
    assert announce_late_decisions(midsommarafton, lookback=LOOKBACK) == LateDecisions()
    morning = ctx_for(engine, now=at("2019-06-24", 7))  # the next business day
    assert announce_late_decisions(morning, lookback=LOOKBACK) == LateDecisions(1, 1, 1)
    (told,) = outbox(engine, "decision_late")
    assert told.recipient == "samordnare@example.org"
    # the next morning's sweep (which need not judge it again), and the automation if it
    # fires at last: nobody told twice
    again = ctx_for(engine, now=at("2019-06-25", 7))
    assert announce_late_decisions(again, lookback=LOOKBACK) == LateDecisions()
    assert decision_late_notices(again, **WHO, milestone="kf-budget") == 0
    assert len(outbox(engine, "decision_late")) == 1


def test_the_sweep_finds_nothing_the_automation_told_nor_anything_long_past(
    engine: Engine,
) -> None:
    plan_into(engine, MAIL_TEMPLATE)
    midnight = ctx_for(engine, now=end_of_day(D("2019-06-17")))
    assert decision_late_notices(midnight, **WHO, milestone="kf-budget") == 1  # the automation
    morning = ctx_for(engine, now=at("2019-06-18", 7))
    assert announce_late_decisions(morning, lookback=LOOKBACK) == LateDecisions()
    # KF's decision of 17 June, late for more than the lookback: not announced now
    later = ctx_for(engine, now=at("2019-07-18", 7))
    assert announce_late_decisions(later, lookback=LOOKBACK) == LateDecisions()
    # documents and hand-ins are not decisions: the overdue notices are for them
    pf_late = ctx_for(engine, now=at("2019-03-01", 7))
    assert milestone_outcome(pf_late, **WHO, milestone="pf").outcome is Outcome.LATE
    assert announce_late_decisions(pf_late, lookback=LOOKBACK) == LateDecisions()


def test_the_sweep_tells_nobody_of_a_decision_recorded_in_time(engine: Engine) -> None:
    plan_into(engine, MAIL_TEMPLATE)
    record(
        ctx_for(engine, "samordnare@example.org", at("2019-06-17", 20)),
        DecisionIn(
            body_key="KF",
            meeting_date=D("2019-06-17"),
            paragraph="§ 61",
            title="Budget 2020",
            milestone_key="kf-budget",
            year=2020,
            municipality="9999",
        ),
    )
    morning = ctx_for(engine, now=at("2019-06-18", 7))
    assert announce_late_decisions(morning, lookback=LOOKBACK) == LateDecisions()
    assert outbox(engine, "decision_late") == []


def test_the_end_of_a_deadline_day_is_read_from_the_tables(engine: Engine) -> None:
    plan_into(engine, MAIL_TEMPLATE)
    ctx = ctx_for(engine, now=at("2019-05-01"))
    assert day_end(ctx, **WHO, milestone="budget") == end_of_day(BUDGET_DUE)
    assert day_end(ctx, **WHO, milestone="no-such") is None
    assert day_end(ctx, code="0000", budget_year=2020, milestone="budget") is None


def test_a_coordinator_added_after_the_notice_is_told_too(engine: Engine) -> None:
    from arshjul.models.tables import Municipality, Person

    from arshjul.core.template import Role

    plan_into(engine, MAIL_TEMPLATE)
    midnight = ctx_for(engine, now=end_of_day(D("2019-06-17")))
    assert decision_late_notices(midnight, **WHO, milestone="kf-budget") == 1
    with Session(engine) as session, session.begin():
        municipality = session.exec(select(Municipality)).one()
        session.add(
            Person(
                municipality_id=municipality.id or 0,
                name="Ny samordnare",
                email="ny@example.org",
                role=Role.COORDINATOR,
            )
        )
    morning = ctx_for(engine, now=at("2019-06-18", 7))
    assert announce_late_decisions(morning, lookback=LOOKBACK) == LateDecisions(1, 2, 1)
    assert {m.recipient for m in outbox(engine, "decision_late")} == {
        "samordnare@example.org",
        "ny@example.org",
    }
