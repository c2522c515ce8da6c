"""The database's roll-up counts equal the board's, status by status: the digests count in
SQL from the core's per-milestone verdicts (arshjul.notifications.rollup_queries), the
board derives each deliverable in Python (arshjul.core.board). Random deliverables in every
shape: nothing handed in, one hand-in on either side of a deadline-day midnight in summer
and winter time, several versions, returns with new deadlines, deadlines of a body's own,
acceptances, reviews and hand-ins after the instant asked about, gates open and closed. On
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from arshjul.models.queries import deliverable_rows
from arshjul.models.tables import (
    Body,
    Cycle,
    Decision,
    Deliverable,
    Milestone,
    Municipality,
    Submission,
)
from arshjul.notifications.digests import judge_all
from sqlalchemy import Engine, insert
from sqlmodel import Session, select

from arshjul.core.board import build_board
from arshjul.core.status import Review, Status

PLANNED = dt.datetime(2019, 1, 2, tzinfo=dt.UTC)
DEADLINES = [
    dt.date(2019, 3, 29),
    dt.date(2019, 3, 31),
    dt.date(2019, 6, 14),
    dt.date(2019, 10, 27),
    dt.date(2019, 11, 25),
    dt.date(2019, 12, 2),
]
NOWS = [
    dt.datetime(2019, 3, 31, 21, 59, tzinfo=dt.UTC),
    dt.datetime(2019, 6, 14, 22, 0, tzinfo=dt.UTC),
    dt.datetime(2019, 10, 28, 9, 0, tzinfo=dt.UTC),
    dt.datetime(2019, 11, 26, 12, 0, tzinfo=dt.UTC),
    dt.datetime(2020, 1, 15, 8, 0, tzinfo=dt.UTC),
]


def _around(day: dt.date, rng: random.Random) -> dt.datetime:
    """An instant near the end of `day` in Stockholm (21:00-23:59 UTC), or days from it."""
    base = dt.datetime.combine(day, dt.time(21, 0), tzinfo=dt.UTC)
    return base + dt.timedelta(minutes=rng.choice([0, 59, 60, 61, 119, 120, 179, -600, 4000]))


def _fill(engine: Engine, seed: int) -> None:
    rng = random.Random(seed)
    with engine.begin() as conn:
        conn.execute(insert(Municipality), [{"id": 1, "code": "2262", "name": "Timrå"}])
        conn.execute(
            insert(Body),
            [
                {
                    "id": b,
                    "municipality_id": 1,
                    "key": f"N{b}",
                    "name": f"Nämnd {b}",
                    "kind": "namnd",
                    "position": b,
                    "active": True,
                }
                for b in range(1, 5)
            ],
        )
        conn.execute(
            insert(Cycle),
            [
                {
                    "id": c,
                    "municipality_id": 1,
                    "budget_year": year,
                    "starts": dt.date(2019, 1, 1),
                    "ends": dt.date(2020, 12, 31),
                    "template_file": "t.yaml",
                    "template_sha256": "x",
                    "due_soon_days": 5 + c,
                    "vision_areas": [],
                    "planned_at": PLANNED,
                    "closed": False,
                }
                for c, year in ((1, 2020), (2, 2021))
            ],
        )
        milestones, deliverables, submissions = [], [], []
        for m in range(1, 13):
            deadline = DEADLINES[m % len(DEADLINES)]
            milestones.append(
                {
                    "id": m,
                    "municipality_id": 1,
                    "cycle_id": 1 + m % 2,
                    "key": f"m{m}",
                    "position": m,
                    "title": f"M {m}",
                    "deliverable": f"Leverans {m}",
                    "description": "",
                    "rule": {},
                    "depends_on": [],
                    "deadline": deadline,
                    "nominal_deadline": deadline,
                    "shift_rule": "previous",
                    "shift_passed": [],
                    "reminders": {},
                    "active": m != 12,
                    "opens_on_decision": "m1" if m in (3, 5) else "",
                }
            )
        conn.execute(insert(Milestone), milestones)
        d_id = s_id = 0
        for m in milestones:
            for body in range(1, 5):
                d_id += 1
                deliverables.append(
                    {
                        "id": d_id,
                        "municipality_id": 1,
                        "cycle_id": m["cycle_id"],
                        "milestone_id": m["id"],
                        "body_id": body,
                        "active": rng.random() > 0.05,
                        # a deadline of the body's own now and then, either side of the
                        # milestone's
                        "deadline_override": m["deadline"]
                        + dt.timedelta(days=rng.choice([-20, -3, 4, 30]))
                        if rng.random() < 0.15
                        else None,
                        "override_reason": "",
                    }
                )
                at = _around(m["deadline"], rng)
                for version in range(1, rng.choice([0, 1, 1, 1, 2, 3]) + 1):
                    s_id += 1
                    review = rng.choice([None, None, Review.ACCEPTED, Review.RETURNED])
                    submissions.append(
                        {
                            "id": s_id,
                            "municipality_id": 1,
                            "deliverable_id": d_id,
                            "version": version,
                            "submitted_at": at,
                            "comment": "",
                            "diarienummer": "",
                            "review_comment": "",
                            "review": review,
                            "reviewed_at": at + dt.timedelta(days=rng.choice([1, 20]))
                            if review
                            else None,
                            "new_deadline": at.date() + dt.timedelta(days=rng.choice([3, 40]))
                            if review is Review.RETURNED
                            else None,
                        }
                    )
                    at += dt.timedelta(days=rng.choice([1, 9, 30]))
        conn.execute(insert(Deliverable), deliverables)
        conn.execute(insert(Submission), submissions)
        conn.execute(
            insert(Decision),
            [
                {
                    "id": 1,
                    "municipality_id": 1,
                    "body_id": 1,
                    "cycle_id": 1,
                    "milestone_id": 1,
                    "meeting_date": dt.date(2019, 6, 14),
                    "paragraph": "§ 1",
                    "title": "Beslut",
                    "recorded_at": dt.datetime(2019, 6, 20, 12, tzinfo=dt.UTC),
                    "recorded_by": "x",
                }
            ],
        )


def _from_the_database(session: Session, now: dt.datetime) -> Counter[tuple[int, str, Status]]:
    judged = judge_all(session, municipality_ids=[1], budget_years=[2020, 2021], now=now)
    counts: Counter[tuple[int, str, Status]] = Counter()
    for cycle_id, by_body in judged.counts.items():
        for body_id, statuses in by_body.items():
            for status, n in statuses.items():
                counts[(cycle_id, judged.scope.bodies[body_id].key, status)] += n
    overdue = {(b, m) for b, m, _ in judged.overdue}
    counts[(0, "listed", Status.OVERDUE)] = len(overdue)
    return counts


def _from_the_board(session: Session, now: dt.datetime) -> Counter[tuple[int, str, Status]]:
    counts: Counter[tuple[int, str, Status]] = Counter()
    listed = 0
    for cycle in session.exec(select(Cycle)).all():
        board = build_board(
            deliverable_rows(session=session, cycle=cycle), now, cycle.due_soon_days
        )
        for cell in board.cells:
            counts[(cycle.id or 0, cell.row.body_key, cell.status.status)] += 1
            listed += cell.status.status is Status.OVERDUE  # each one named in the digest
    counts[(0, "listed", Status.OVERDUE)] = listed
    return counts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_database_counts_equal_the_board(engine: Engine, seed: int) -> None:
    _fill(engine, seed)
    with Session(engine) as session:
        for now in NOWS:
            assert _from_the_database(session, now) == _from_the_board(session, now), now


def test_the_verdict_table_is_emptied_and_reused_in_one_transaction(engine: Engine) -> None:
    _fill(engine, 4)
    with Session(engine) as session:
        first = _from_the_database(session, NOWS[2])
        again = _from_the_database(session, NOWS[2])
    assert first == again and sum(first.values()) > 40
