"""Example submissions for `arshjul demo`, so its board shows every status a real one has.

Deterministic: whether a deliverable was handed in on time, late or not at all depends only
on its milestone and body keys, so two demo runs show the same board. Each row's comment
says it is demo data. Idempotent: a deliverable that has submissions gets no more.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlmodel import Session, col, select

from arshjul.core.calendar import add_business_days
from arshjul.core.instants import STOCKHOLM
from models.tables import Body, Cycle, Deliverable, Milestone, Submission

DEMO_COMMENT = "Exempeldata från arshjul demo"


def _draw(milestone: str, body: str) -> int:
    return hashlib.sha256(f"{milestone}/{body}".encode()).digest()[0] % 20


def seed_demo_submissions(*, session: Session, cycle: Cycle, as_of: dt.date) -> int:
    """Hand in most deliverables due before `as_of`: 16/20 on time, 3/20 late, 1/20 never.
    Accept the on-time ones that are more than a month old. Returns how many were added."""
    rows = session.exec(
        select(Deliverable, Milestone, Body)
        .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
        .join(Body, col(Body.id) == Deliverable.body_id)
        .where(
            Deliverable.cycle_id == cycle.id, col(Deliverable.active), Milestone.deadline < as_of
        )
    ).all()
    have = set(
        session.exec(
            select(Submission.deliverable_id)
            .join(Deliverable, col(Deliverable.id) == Submission.deliverable_id)
            .where(Deliverable.cycle_id == cycle.id)
        ).all()
    )
    added = 0
    for deliverable, milestone, body in rows:
        draw = _draw(milestone.key, body.key)
        if deliverable.id in have or draw == 0:
            continue
        late_by = 0 if draw > 3 else draw
        day = (
            add_business_days(milestone.deadline, late_by)
            if late_by
            else (add_business_days(milestone.deadline, -(draw % 3)))
        )
        if day >= as_of:
            continue
        at = dt.datetime(day.year, day.month, day.day, 9 + draw % 7, 15, tzinfo=STOCKHOLM)
        accepted = late_by == 0 and (as_of - day).days > 30
        session.add(
            Submission(
                municipality_id=cycle.municipality_id,
                deliverable_id=deliverable.id or 0,
                version=1,
                submitted_at=at,
                comment=DEMO_COMMENT,
                review="accepted" if accepted else None,
                reviewed_at=at + dt.timedelta(days=7) if accepted else None,
            )
        )
        added += 1
    session.flush()
    return added
