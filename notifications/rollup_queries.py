"""What a roll-up over many municipalities' cycles needs, counted by the database: the
weekly digests of a national installation judge every deliverable there is (174,000 in
benchmarks/sweep.py), and loading each one took seconds where counting takes a fraction.

The rules stay in the core. `arshjul.core.status.verdicts` says, per milestone, what a
deliverable with nothing handed in comes to and until when a single hand-in is on time;
those verdicts go into a temporary table, and one query counts deliverables per cycle,
body and status by looking them up. Deliverables in any other shape (several versions, a
visible review) come back with their submissions for `derive_status`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from arshjul.models import bulk
from arshjul.models.db import columns
from arshjul.models.queries import decisions_recorded
from arshjul.models.tables import Body, Cycle, Deliverable, Milestone, Submission
from arshjul.models.types import UTCDateTime
from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    exists,
    func,
    or_,
)
from sqlmodel import Session, col, select

from arshjul.core.status import Gate, Status, SubmissionFact, Verdicts

_VERDICT = Table(
    "arshjul_rollup_verdict",
    MetaData(),
    Column("milestone_id", Integer, primary_key=True),
    Column("unsubmitted", String(32), nullable=False),
    Column("on_time_before", UTCDateTime(), nullable=False),
    prefixes=["TEMPORARY"],
)
# Per deliverable, what was handed in by `now`: computed once, read by the three queries
_HANDED = Table(
    "arshjul_rollup_handed",
    MetaData(),
    Column("deliverable_id", Integer, primary_key=True),
    Column("versions", Integer, nullable=False),
    Column("first_at", UTCDateTime(), nullable=False),
    Column("reviewed", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)


@dataclass(frozen=True, slots=True)
class CycleFacts:
    municipality_id: int
    budget_year: int
    due_soon_days: int


@dataclass(frozen=True, slots=True)
class MilestoneFacts:
    cycle_id: int
    key: str
    deliverable: str
    position: int
    deadline: dt.date
    gate: Gate | None
    optional: bool = False
    completed_by: str = "hand_in"  # arshjul.core.kinds.CompletedBy


@dataclass(frozen=True, slots=True)
class BodyFacts:
    key: str
    name: str
    position: int


@dataclass(frozen=True, slots=True)
class RollupScope:
    cycles: dict[int, CycleFacts]
    milestones: dict[int, MilestoneFacts]
    bodies: dict[int, BodyFacts]


@dataclass(frozen=True, slots=True)
class StatusCounts:
    counts: list[tuple[int, int, Status, int]]  # (cycle id, body id, status, deliverables)
    unsubmitted: list[tuple[int, int]]  # (body id, milestone id) of each one counted as
    # `listed` (the overdue ones a digest names)
    others: list[tuple[int, int, int, tuple[SubmissionFact, ...], dt.date | None]]
    # (deliverable, body, milestone, submissions by `now` oldest first, the body's own
    # deadline): for derive_status


def rollup_scope(
    *, session: Session, municipality_ids: list[int], budget_years: list[int]
) -> RollupScope:
    """The open cycles of `budget_years` in those municipalities, their active milestones
    (with gates) and the municipalities' bodies: three or four queries."""
    run = session.connection().execute
    cycles = {
        cycle_id: CycleFacts(municipality_id, year, due_soon)
        for cycle_id, municipality_id, year, due_soon in run(
            select(Cycle.id, Cycle.municipality_id, Cycle.budget_year, Cycle.due_soon_days).where(
                col(Cycle.municipality_id).in_(municipality_ids),
                col(Cycle.budget_year).in_(budget_years),
                ~col(Cycle.closed),
            )
        ).all()
    }
    if not cycles:
        return RollupScope({}, {}, {})
    rows = run(
        columns(
            Milestone.id,
            Milestone.cycle_id,
            Milestone.key,
            Milestone.deliverable,
            Milestone.position,
            Milestone.deadline,
            Milestone.opens_on_decision,
            Milestone.optional,
            Milestone.completed_by,
        ).where(col(Milestone.active), col(Milestone.cycle_id).in_(list(cycles)))
    ).all()
    opened = (
        decisions_recorded(session=session, cycle_ids=list(cycles))
        if any(row[6] for row in rows)
        else {}
    )
    milestones = {
        m_id: MilestoneFacts(
            cycle_id,
            key,
            title,
            position,
            deadline,
            Gate(gate, opened.get((cycle_id, gate))) if gate else None,
            bool(optional),
            str(completed_by),
        )
        for m_id, cycle_id, key, title, position, deadline, gate, optional, completed_by in rows
    }
    bodies = {
        b_id: BodyFacts(key, name, position)
        for b_id, key, name, position in run(
            select(Body.id, Body.key, Body.name, Body.position).where(
                col(Body.municipality_id).in_(municipality_ids)
            )
        ).all()
    }
    return RollupScope(cycles, milestones, bodies)


def status_counts(
    *, session: Session, verdicts: dict[int, Verdicts], now: dt.datetime, listed: Status
) -> StatusCounts:
    """Deliverables of the milestones in `verdicts` counted per cycle, body and status;
    those with `listed` and nothing handed in named; those the verdicts cannot settle
    (several versions, or a review visible at `now`) returned with their facts."""
    connection = session.connection()
    _VERDICT.create(connection, checkfirst=True)
    connection.execute(_VERDICT.delete())
    if not verdicts:
        return StatusCounts([], [], [])
    _load_verdicts(connection, verdicts)
    _load_handed_in(connection, now)
    if connection.dialect.name == "postgresql":  # temporary tables have no statistics
        connection.exec_driver_sql(f"ANALYZE {_VERDICT.name}, {_HANDED.name}")
    found = StatusCounts(
        _counted(connection),
        _unsubmitted(connection, listed),
        _judged_apart(connection, now),
    )
    connection.execute(_VERDICT.delete())
    connection.execute(_HANDED.delete())
    return found


def _load_verdicts(connection: Connection, verdicts: dict[int, Verdicts]) -> None:
    """One row per milestone; the values are worked out once per distinct verdict (a
    national installation's 11,600 milestones share a few dozen deadlines and so, through
    judge_all's cache, a few dozen verdict objects; an enum member's value is a property)."""
    values: dict[int, tuple[str, dt.datetime]] = {}  # by identity: `verdicts` holds them
    for v in verdicts.values():
        if id(v) not in values:
            values[id(v)] = (v.unsubmitted.status.value, v.on_time_before)
    rows = []
    for m_id, v in verdicts.items():
        unsubmitted, on_time_before = values[id(v)]
        rows.append(
            {"milestone_id": m_id, "unsubmitted": unsubmitted, "on_time_before": on_time_before}
        )
    bulk.load(connection, _VERDICT, rows)


def _load_handed_in(connection: Connection, now: dt.datetime) -> None:
    """What each deliverable had handed in at `now`: computed once for the three reads."""
    visible_review = and_(col(Submission.review).is_not(None), col(Submission.reviewed_at) <= now)
    _HANDED.create(connection, checkfirst=True)
    connection.execute(_HANDED.delete())
    connection.execute(
        _HANDED.insert().from_select(
            ["deliverable_id", "versions", "first_at", "reviewed"],
            select(
                Submission.deliverable_id,
                func.count(),
                func.min(Submission.submitted_at),
                func.max(case((visible_review, 1), else_=0)),
            )
            .where(col(Submission.submitted_at) <= now)
            .group_by(col(Submission.deliverable_id)),
        )
    )


def _counted(connection: Connection) -> list[tuple[int, int, Status, int]]:
    handed, v = _HANDED, _VERDICT.c
    single = and_(handed.c.versions == 1, handed.c.reviewed == 0)
    status = case(
        (col(Deliverable.not_applicable), Status.NOT_APPLICABLE.value),
        (handed.c.versions.is_(None), v.unsubmitted),
        (single & (handed.c.first_at < v.on_time_before), Status.SUBMITTED.value),
        (single, Status.SUBMITTED_LATE.value),
        else_=None,
    ).label("status")
    cells = (
        select(Deliverable.cycle_id, Deliverable.body_id, status, func.count())
        .join(_VERDICT, v.milestone_id == Deliverable.milestone_id)
        .outerjoin(handed, handed.c.deliverable_id == Deliverable.id)
        .where(
            col(Deliverable.active),
            or_(col(Deliverable.not_applicable), col(Deliverable.deadline_override).is_(None)),
        )
        .group_by(col(Deliverable.cycle_id), col(Deliverable.body_id), status)
    )
    return [
        (cycle_id, body_id, Status(found), n)
        for cycle_id, body_id, found, n in connection.execute(cells).all()
        if found is not None
    ]


def _unsubmitted(connection: Connection, listed: Status) -> list[tuple[int, int]]:
    handed, v = _HANDED, _VERDICT.c
    # NOT EXISTS, not an outer join filtered on NULL: PostgreSQL planned that as a join of
    # every deliverable it expected to give one row, and took 0.2 s (benchmarks/sweep.py)
    rows = connection.execute(
        select(Deliverable.body_id, Deliverable.milestone_id)
        .join(
            _VERDICT,
            and_(v.milestone_id == Deliverable.milestone_id, v.unsubmitted == listed.value),
        )
        .where(
            col(Deliverable.active),
            ~col(Deliverable.not_applicable),
            col(Deliverable.deadline_override).is_(None),
            ~exists().where(handed.c.deliverable_id == Deliverable.id),
        )
        .order_by(col(Deliverable.id))
    ).all()
    return [(body_id, m_id) for body_id, m_id in rows]


def _judged_apart(
    connection: Connection, now: dt.datetime
) -> list[tuple[int, int, int, tuple[SubmissionFact, ...], dt.date | None]]:
    """Deliverables the milestone's verdicts cannot settle (several versions, a visible
    review, or a deadline of the body's own), with their facts and that deadline."""
    handed, v = _HANDED, _VERDICT.c
    override = col(Deliverable.deadline_override)
    # Asked from the few rows in that shape (an id list the database builds first), not by
    # joining every deliverable to what was handed in: that join read all 174,000 rows of
    # a national installation for a handful (0.28 of the digests' 0.6 s of SQL on SQLite)
    uncommon = (
        select(handed.c.deliverable_id)
        .where(or_(handed.c.versions > 1, handed.c.reviewed == 1))
        .union(select(Deliverable.id).where(override.is_not(None)))
    )
    apart = and_(
        col(Deliverable.id).in_(uncommon),
        col(Deliverable.active),
        ~col(Deliverable.not_applicable),  # counted as such whatever was handed in
        col(Deliverable.milestone_id).in_(select(v.milestone_id)),
    )
    found: dict[int, tuple[int, int, dt.date | None, list[SubmissionFact]]] = {
        d_id: (body_id, m_id, own, [])
        for d_id, body_id, m_id, own in connection.execute(
            columns(Deliverable.id, Deliverable.body_id, Deliverable.milestone_id, override).where(
                apart
            )
        ).all()
    }
    if found:
        for d_id, at, review, reviewed_at, new_deadline in connection.execute(
            columns(
                Submission.deliverable_id,
                Submission.submitted_at,
                Submission.review,
                Submission.reviewed_at,
                Submission.new_deadline,
            )
            .join(Deliverable, col(Deliverable.id) == Submission.deliverable_id)
            .where(apart, col(Submission.submitted_at) <= now)
            .order_by(col(Submission.deliverable_id), col(Submission.version))
        ).all():
            found[d_id][3].append(SubmissionFact(at, review, reviewed_at, new_deadline))
    return [
        (d_id, b_id, m_id, tuple(facts), own)
        for d_id, (b_id, m_id, own, facts) in sorted(found.items())
    ]
