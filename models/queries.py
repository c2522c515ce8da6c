"""Reads shared by the CLI and the flows: small keyword-only functions, session first.

Each returns plain data or table rows and does a fixed number of queries whatever the size
of the cycle (no query per deliverable).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from arshjul.models.db import columns
from arshjul.models.tables import (
    Body,
    BudgetFrame,
    Cycle,
    Decision,
    Deliverable,
    Milestone,
    Municipality,
    OutboxMessage,
    Person,
    StandIn,
    Submission,
)
from sqlalchemy import func
from sqlmodel import Session, col, select

from arshjul.core.board import DeliverableRow, given, shifted_from_columns
from arshjul.core.kinds import Role
from arshjul.core.stand_ins import Period, covering, redirected
from arshjul.core.status import Gate, SubmissionFact
from arshjul.errors import Ambiguous, NotFound


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
        select(Cycle)
        .where(Cycle.municipality_id == municipality.id)
        .order_by(col(Cycle.budget_year))
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


def people_with_role(
    *,
    session: Session,
    municipality_id: int,
    role: Role,
    body_id: int | None = None,
    today: dt.date | None = None,
    copy_absent: bool = True,
) -> list[Person]:
    """The active people with `role` in a municipality (or in one of its bodies): who is
    told of failures, alerts, seals and reviews; with `today`, someone away has their
    stand-in beside them (or instead, without `copy_absent`)."""
    query = select(Person).where(
        Person.municipality_id == municipality_id, Person.role == role, col(Person.active)
    )
    if body_id is not None:
        query = query.where(Person.body_id == body_id)
    people = list(session.exec(query).all())
    if today is None:
        return people
    cover = stand_ins_on(session=session, day=today, municipality_id=municipality_id)
    return redirected(people, cover, copy_absent=copy_absent)


def stand_ins_on(
    *, session: Session, day: dt.date, municipality_id: int | None = None
) -> dict[str, Person]:
    """Absent address (lower case) -> the person standing in for them on `day`."""
    query = select(StandIn).where(
        col(StandIn.first) <= day, col(StandIn.last) >= day, col(StandIn.ended_at).is_(None)
    )
    if municipality_id is not None:
        query = query.where(StandIn.municipality_id == municipality_id)
    found = list(session.exec(query))
    if not found:
        return {}
    periods = [Period(s.absent_email, s.stand_in_email, s.first, s.last) for s in found]
    people = {
        (p.municipality_id, p.email.lower()): p
        for p in session.exec(select(Person).where(col(Person.active)))
    }
    by_municipality = {s.absent_email.lower(): s.municipality_id for s in found}
    return {
        absent: people[(by_municipality[absent], stand_in.lower())]
        for absent, stand_in in covering(periods, day).items()
        if (by_municipality[absent], stand_in.lower()) in people
    }


def bodies_of(*, session: Session, municipality: Municipality) -> list[Body]:
    return list(
        session.exec(
            select(Body)
            .where(Body.municipality_id == municipality.id, col(Body.active))
            .order_by(col(Body.position))
        ).all()
    )


def decisions_recorded(
    *, session: Session, cycle_ids: list[int] | None = None
) -> dict[tuple[int, str], dt.datetime]:
    """When a decision completing each (cycle id, milestone key) was first recorded: what
    opens the milestones that wait for it. One query."""
    query = (
        select(Milestone.cycle_id, Milestone.key, func.min(Decision.recorded_at))
        .join(Milestone, col(Milestone.id) == Decision.milestone_id)
        .group_by(col(Milestone.cycle_id), col(Milestone.key))
    )
    if cycle_ids is not None:
        query = query.where(col(Milestone.cycle_id).in_(cycle_ids))
    return {
        (cycle_id, key): at if at.tzinfo else at.replace(tzinfo=dt.UTC)
        for cycle_id, key, at in session.exec(query).all()
    }


def gate_of(milestone: Milestone, opened: dict[tuple[int, str], dt.datetime]) -> Gate | None:
    if not milestone.opens_on_decision:
        return None
    return Gate(
        milestone.opens_on_decision, opened.get((milestone.cycle_id, milestone.opens_on_decision))
    )


def budget_figures(
    *, session: Session, cycle_id: int, body_id: int | None = None
) -> tuple[dict[int, int], dict[int, int]]:
    """(frame, latest submitted budget total) per body id in a cycle, or for one body: two
    queries. The latest total is the last handed in (submission id breaks a tie)."""
    frames = select(BudgetFrame.body_id, BudgetFrame.amount_sek).where(
        BudgetFrame.cycle_id == cycle_id
    )
    totals = (
        select(Deliverable.body_id, Submission.budget_total_sek)
        .join(Deliverable, col(Deliverable.id) == Submission.deliverable_id)
        .where(Deliverable.cycle_id == cycle_id, col(Submission.budget_total_sek).is_not(None))
        .order_by(col(Submission.submitted_at), col(Submission.id))
    )
    if body_id is not None:
        frames = frames.where(BudgetFrame.body_id == body_id)
        totals = totals.where(Deliverable.body_id == body_id)
    latest: dict[int, int] = {}
    for body, total in session.exec(totals):
        if total is not None:  # filtered out by the query; the type cannot know
            latest[body] = total
    return dict(session.exec(frames).all()), latest


def deliverable_rows(
    *, session: Session, cycle: Cycle, body_key: str | None = None
) -> list[DeliverableRow]:
    """Every active deliverable of a cycle with its submissions: four small queries in all,
    each milestone loaded (and its JSON decoded) once rather than once per deliverable."""
    milestones = {
        m.id: m
        for m in session.exec(
            select(Milestone).where(Milestone.cycle_id == cycle.id, col(Milestone.active))
        )
    }
    bodies = {
        b.id: b
        for b in session.exec(select(Body).where(Body.municipality_id == cycle.municipality_id))
    }
    query = columns(
        Deliverable.id,
        Deliverable.milestone_id,
        Deliverable.body_id,
        Deliverable.deadline_override,
        Deliverable.override_reason,
        Deliverable.not_applicable,
        Deliverable.not_applicable_reason,
    ).where(
        col(Deliverable.cycle_id) == cycle.id,
        col(Deliverable.municipality_id) == cycle.municipality_id,
        col(Deliverable.active),
    )
    if body_key is not None:
        wanted = [b.id for b in bodies.values() if b.key == body_key]
        query = query.where(col(Deliverable.body_id).in_(wanted))
    joined = [row for row in session.connection().execute(query).all() if row[1] in milestones]

    facts: dict[int, list[SubmissionFact]] = defaultdict(list)
    submissions = session.exec(
        select(Submission)
        .join(Deliverable, col(Deliverable.id) == Submission.deliverable_id)
        .where(
            Deliverable.cycle_id == cycle.id, Submission.municipality_id == cycle.municipality_id
        )
        .order_by(col(Submission.deliverable_id), col(Submission.version))
    ).all()
    for s in submissions:
        facts[s.deliverable_id].append(
            SubmissionFact(s.submitted_at, s.review, s.reviewed_at, s.new_deadline)
        )

    shifted = {
        m_id: shifted_from_columns(m.deadline, m.nominal_deadline, m.shift_rule, m.shift_passed)
        for m_id, m in milestones.items()
    }
    opened = (
        decisions_recorded(session=session, cycle_ids=[cycle.id or 0])
        if any(m.opens_on_decision for m in milestones.values())
        else {}
    )
    rows = []
    for found_id, m_id, b_id, override, reason, not_applicable, why_not in joined:
        d_id = found_id or 0
        m, b = milestones[m_id], bodies[b_id]
        rows.append(
            DeliverableRow(
                deliverable_id=d_id,
                milestone_key=m.key,
                milestone_title=m.title,
                deliverable_title=m.deliverable,
                position=m.position,
                body_key=b.key,
                body_name=b.name,
                body_position=b.position,
                deadline=given(override) if override else shifted[m_id],
                submissions=tuple(facts.get(d_id, ())),
                gate=gate_of(m, opened),
                extension_reason=reason if override else "",
                optional=m.optional,
                completed_by=m.completed_by.value,
                not_applicable_reason=(why_not or "-") if not_applicable else "",
            )
        )
    return rows


def deadline_moves(*, session: Session, cycle: Cycle) -> dict[str, int]:
    """How often each milestone's deadline moved: the SEQUENCE of its calendar events."""
    from arshjul.models.tables import DeadlineChange
    from sqlalchemy import func

    rows = session.exec(
        select(Milestone.key, func.count())
        .join(DeadlineChange, col(DeadlineChange.milestone_id) == Milestone.id)
        .where(Milestone.cycle_id == cycle.id)
        .group_by(Milestone.key)
    ).all()
    return dict(rows)


def outbox_rows(
    *, session: Session, state: str | None, since: dt.datetime | None, limit: int
) -> list[OutboxMessage]:
    """The newest outbox rows, optionally by state or created since an instant."""
    query = select(OutboxMessage).order_by(col(OutboxMessage.id).desc()).limit(limit)
    if state is not None:
        query = query.where(OutboxMessage.state == state)
    if since is not None:
        query = query.where(OutboxMessage.created_at >= since)
    return list(session.exec(query).all())
