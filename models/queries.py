"""Reads shared by the CLI and the flows: small keyword-only functions, session first.

Each returns plain data or table rows and does a fixed number of queries whatever the size
of the cycle (no query per deliverable).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlmodel import Session, col, select

from arshjul.core.board import DeliverableRow, shifted_from_columns
from arshjul.core.status import Review, SubmissionFact
from arshjul.errors import Ambiguous, NotFound
from models.tables import Body, Cycle, Deliverable, Milestone, Municipality, Submission


def resolve_municipality(*, session: Session, code: str | None) -> Municipality:
    """The municipality named by kommunkod, or the only one there is."""
    if code is not None:
        found = session.exec(select(Municipality).where(Municipality.code == code)).first()
        if found is None:
            raise NotFound("no_cycle", what=f"kommun {code}")
        return found
    all_rows = session.exec(select(Municipality).order_by(Municipality.code)).all()
    if not all_rows:
        raise NotFound("no_cycle", what="-")
    if len(all_rows) > 1:
        raise Ambiguous("pick_municipality", codes=", ".join(m.code for m in all_rows))
    return all_rows[0]


def resolve_cycle(
    *, session: Session, municipality: Municipality, budget_year: int | None, today: dt.date
) -> Cycle:
    """The cycle for `budget_year`; without one, the cycle whose budget year is under way
    (or being prepared) today, else the latest planned."""
    cycles = session.exec(
        select(Cycle).where(Cycle.municipality_id == municipality.id).order_by(Cycle.budget_year)
    ).all()
    if budget_year is not None:
        match = [c for c in cycles if c.budget_year == budget_year]
        if not match:
            raise NotFound("no_cycle", what=f"{municipality.name} {budget_year}")
        return match[0]
    if not cycles:
        raise NotFound("no_cycle", what=municipality.name)
    current = [c for c in cycles if c.budget_year in (today.year, today.year + 1)]
    return current[0] if current else cycles[-1]


def bodies_of(*, session: Session, municipality: Municipality) -> list[Body]:
    return list(
        session.exec(
            select(Body)
            .where(Body.municipality_id == municipality.id, col(Body.active))
            .order_by(Body.position)
        ).all()
    )


def deliverable_rows(
    *, session: Session, cycle: Cycle, body_key: str | None = None
) -> list[DeliverableRow]:
    """Every active deliverable of a cycle with its submissions: two queries in all."""
    query = (
        select(Deliverable, Milestone, Body)
        .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
        .join(Body, col(Body.id) == Deliverable.body_id)
        .where(
            Deliverable.cycle_id == cycle.id,
            Deliverable.municipality_id == cycle.municipality_id,
            col(Deliverable.active),
            col(Milestone.active),
        )
    )
    if body_key is not None:
        query = query.where(Body.key == body_key)
    joined = session.exec(query).all()

    facts: dict[int, list[SubmissionFact]] = defaultdict(list)
    submissions = session.exec(
        select(Submission)
        .join(Deliverable, col(Deliverable.id) == Submission.deliverable_id)
        .where(
            Deliverable.cycle_id == cycle.id, Submission.municipality_id == cycle.municipality_id
        )
        .order_by(Submission.deliverable_id, Submission.version)
    ).all()
    for sub in submissions:
        facts[sub.deliverable_id].append(
            SubmissionFact(
                sub.submitted_at,
                Review(sub.review) if sub.review else None,
                sub.reviewed_at,
                sub.new_deadline,
            )
        )

    return [
        DeliverableRow(
            deliverable_id=d.id or 0,
            milestone_key=m.key,
            milestone_title=m.title,
            deliverable_title=m.deliverable,
            position=m.position,
            body_key=b.key,
            body_name=b.name,
            body_position=b.position,
            deadline=shifted_from_columns(
                m.deadline, m.nominal_deadline, m.shift_rule, m.shift_passed
            ),
            submissions=tuple(facts.get(d.id or 0, ())),
        )
        for d, m, b in joined
    ]
