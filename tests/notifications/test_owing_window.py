"""Which milestones' deliverables the reminders' selection loads: those whose deadline owes
a notice under their own schedule, sent to the database as date ranges per schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from arshjul.models.tables import Body, Cycle, Deliverable, Milestone, Municipality
from arshjul.notifications.queries import _runs, outstanding
from sqlalchemy import Engine
from sqlmodel import Session

from arshjul.core.instants import local_date
from arshjul.core.reminders import current_notice

NOW = dt.datetime(2020, 3, 16, 6, tzinfo=dt.UTC)  # Monday 07:00 in Stockholm
TODAY = local_date(NOW)


def test_runs_are_the_owing_deadlines_and_only_those() -> None:
    day = dt.date(2020, 3, 1)
    owes = {
        day: True,
        day + dt.timedelta(days=3): True,  # no milestone between: the same run
        day + dt.timedelta(days=5): False,
        day + dt.timedelta(days=9): True,
        day + dt.timedelta(days=12): False,
    }
    assert _runs(owes) == [(day, day + dt.timedelta(days=3)), (day + dt.timedelta(days=9),) * 2]
    assert _runs({day: False}) == []
    assert _runs({}) == []


def _milestone(m_id: int, deadline: dt.date, days_before: list[int]) -> dict[str, Any]:
    return {
        "id": m_id,
        "municipality_id": 1,
        "cycle_id": 1,
        "key": f"ms{m_id}",
        "position": m_id,
        "title": f"Milstolpe {m_id}",
        "deliverable": f"Leverans {m_id}",
        "deadline": deadline,
        "nominal_deadline": deadline,
        "shift_rule": "previous",
        "reminders": {"days_before": days_before, "business_days_before": []},
    }


def test_each_milestone_is_judged_by_its_own_schedule(engine: Engine) -> None:
    """Two schedules, one deadline: 14 days ahead owes a reminder 10 days before, 7 days
    ahead does not yet; the same schedule 30 days before owes nothing either."""
    soon, later = TODAY + dt.timedelta(days=10), TODAY + dt.timedelta(days=30)
    milestones = [_milestone(1, soon, [14]), _milestone(2, soon, [7]), _milestone(3, later, [14])]
    with Session(engine) as session:
        session.add(Municipality(id=1, code="2262", name="Timrå"))
        session.flush()
        session.add(Body(id=1, municipality_id=1, key="BUN", name="BUN", kind="namnd"))
        session.flush()
        session.add(
            Cycle(
                id=1,
                municipality_id=1,
                budget_year=2020,
                starts=dt.date(2019, 1, 1),
                ends=dt.date(2020, 12, 31),
                template_file="t.yaml",
                template_sha256="x",
                planned_at=NOW,
            )
        )
        session.flush()
        session.add_all(Milestone(**m) for m in milestones)
        session.flush()
        session.add_all(
            Deliverable(id=n, municipality_id=1, cycle_id=1, milestone_id=n, body_id=1)
            for n in (1, 2, 3)
        )
        session.commit()
    with Session(engine) as session:
        owed = outstanding(
            session=session,
            now=NOW,
            today=TODAY,
            quiet=lambda deadline, schedule: current_notice(deadline, TODAY, schedule) is None,
        )
        every = outstanding(session=session, now=NOW, today=TODAY)
    assert [c.milestone_key for c in owed] == ["ms1"]
    assert sorted(c.milestone_key for c in every) == ["ms1", "ms2", "ms3"]
