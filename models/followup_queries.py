"""Reads the follow-up shares (hand-in, form, roll-up, audit): the commitments in force for
a cycle's nämnder and the assessments stored with submission versions, as the core's
plain data. Each is a fixed number of queries, whatever the number of nämnder."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from arshjul.models.tables import (
    AssessedValue,
    Assessment,
    Commitment,
    CommitmentIndicator,
    Deliverable,
    Milestone,
    Submission,
)
from sqlmodel import Session, col, select

from arshjul.core.assessments import Assessment as Assessed
from arshjul.core.assessments import canonical
from arshjul.core.commitments import CommitmentKind, CommitmentRef, Commitments
from arshjul.core.indicators import Indicator
from arshjul.core.template import Collects


def latest_versions(
    *, session: Session, cycle_id: int, collects: Collects, body_ids: Collection[int] | None = None
) -> dict[tuple[int, int], tuple[int, int]]:
    """(body id, milestone id) -> (submission id, version) of the latest version on each
    active milestone of the cycle that collects `collects`."""
    query = (
        select(Deliverable.body_id, Deliverable.milestone_id, Submission.id, Submission.version)
        .join(Deliverable, col(Deliverable.id) == Submission.deliverable_id)
        .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
        .where(
            Milestone.cycle_id == cycle_id,
            Milestone.collects == collects.value,
            col(Milestone.active),
            col(Deliverable.active),
        )
        .order_by(col(Submission.version))
    )
    if body_ids is not None:
        query = query.where(col(Deliverable.body_id).in_(list(body_ids)))
    return {
        (body, milestone): (submission or 0, version)
        for body, milestone, submission, version in session.exec(query)
    }


def commitments_in_force(
    *, session: Session, cycle_id: int, body_ids: Collection[int] | None = None
) -> dict[int, tuple[int, Commitments]]:
    """body id -> (submission id, commitments) handed in with the latest version of the
    cycle's verksamhetsplan (the milestone that collects commitments; with several, the
    latest hand-in)."""
    versions = latest_versions(
        session=session, cycle_id=cycle_id, collects=Collects.COMMITMENTS, body_ids=body_ids
    )
    latest: dict[int, int] = {}
    for (body, _milestone), (submission, _version) in sorted(
        versions.items(), key=lambda item: item[1][0]
    ):
        latest[body] = submission
    rows = session.exec(
        select(Commitment)
        .where(col(Commitment.submission_id).in_(list(latest.values())))
        .order_by(col(Commitment.id))
    ).all()
    indicators: dict[int, list[CommitmentIndicator]] = defaultdict(list)
    for row in session.exec(
        select(CommitmentIndicator)
        .where(col(CommitmentIndicator.commitment_id).in_([r.id for r in rows]))
        .order_by(col(CommitmentIndicator.position))
    ):
        indicators[row.commitment_id].append(row)
    return {
        body: (
            submission,
            _commitments([r for r in rows if r.submission_id == submission], indicators),
        )
        for body, submission in latest.items()
    }


def _commitments(
    rows: list[Commitment], indicators: dict[int, list[CommitmentIndicator]]
) -> Commitments:
    goals: list[int] = []
    goal_text: dict[int, str] = {}
    vision_text: dict[str, str] = {}
    named: dict[CommitmentRef, tuple[Indicator, ...]] = {}
    for row in rows:
        if row.kind is CommitmentKind.GOAL:
            goals.append(int(row.key))
            goal_text[int(row.key)] = row.statement
        else:
            vision_text[row.key] = row.statement
        if indicators.get(row.id or 0):
            named[CommitmentRef(row.kind, row.key)] = tuple(
                Indicator(i.indicator, i.name, i.unit, i.target, i.direction)
                for i in indicators[row.id or 0]
            )
    return Commitments(tuple(goals), goal_text, vision_text, named)


def assessments_of(
    *, session: Session, submission_ids: Collection[int]
) -> dict[int, tuple[Assessed, ...]]:
    """submission id -> its assessments (with their values), in commitment order."""
    rows = session.exec(
        select(Assessment).where(col(Assessment.submission_id).in_(list(submission_ids)))
    ).all()
    values: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for value in session.exec(
        select(AssessedValue)
        .where(col(AssessedValue.assessment_id).in_([r.id for r in rows]))
        .order_by(col(AssessedValue.id))
    ):
        values[value.assessment_id].append((value.indicator, value.value))
    found: dict[int, list[Assessed]] = defaultdict(list)
    for row in rows:
        found[row.submission_id].append(
            Assessed(
                CommitmentRef(row.kind, row.key),
                row.level,
                row.comment,
                tuple(values.get(row.id or 0, ())),
            )
        )
    return {submission: canonical(tuple(items)) for submission, items in found.items()}
