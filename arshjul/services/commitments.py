"""The nämnder's commitments for a budget year, read back from the rows stored with their
verksamhetsplan submissions: which of the 17 goals each chose, which vision areas each
covers, and the gaps (arshjul.core.commitments.coverage)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.commitments import (
    CommitmentKind,
    Commitments,
    Coverage,
    NamndCommitments,
    coverage,
)
from arshjul.core.goals import GOALS
from arshjul.core.template import Collects
from arshjul.errors import NotFound
from arshjul.models import queries
from arshjul.models.tables import (
    Body,
    Commitment,
    Cycle,
    Deliverable,
    Milestone,
    Municipality,
    Submission,
)


@dataclass(frozen=True)
class CoverageReport:
    municipality: Municipality
    cycle: Cycle
    coverage: Coverage
    area_names: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        c = self.coverage
        return {
            "municipality": self.municipality.code,
            "budget_year": self.cycle.budget_year,
            "vision_areas": [{"key": k, "name": self.area_names[k]} for k in c.vision_areas],
            "namnder": [
                {
                    "body": n.body,
                    "name": n.name,
                    "handed_in": n.commitments is not None,
                    "version": n.version,
                    "goals": list(n.commitments.goals) if n.commitments else [],
                    "vision_areas": [a for a in c.vision_areas if c.covers(n.body, a)],
                    "statements": {
                        "goals": {str(k): v for k, v in n.commitments.goal_statements.items()},
                        "vision": dict(n.commitments.vision_statements),
                    }
                    if n.commitments
                    else None,
                }
                for n in c.namnder
            ],
            "goal_counts": {
                str(number): {"name": GOALS[number], "namnder": count}
                for number, count in c.goal_counts.items()
            },
            "gaps": [{"kind": g.kind, "body": g.body, "area": g.area} for g in c.gaps],
        }


def coverage_report(ctx: Context, *, municipality: str | None, year: int | None) -> CoverageReport:
    """A fixed number of queries: the nämnder that owe commitments (those responsible
    for a milestone that collects them), their latest submissions there, and the rows."""
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        cycle = queries.resolve_cycle(
            session=session, municipality=muni, budget_year=year, today=ctx.today()
        )
        collecting = (
            Milestone.cycle_id == cycle.id,
            Milestone.collects == Collects.COMMITMENTS.value,
            col(Milestone.active),
            col(Deliverable.active),
        )
        owing = session.exec(
            select(Body)
            .join(Deliverable, col(Deliverable.body_id) == Body.id)
            .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
            .where(*collecting)
            .order_by(col(Body.position))
            .distinct()
        ).all()
        if not owing:
            raise NotFound("nothing_collects", year=cycle.budget_year)
        # The latest submission per body on a collecting milestone: its rows are the
        # commitments in force (a version with no goals and no statements has none).
        latest: dict[int, tuple[int, int]] = {}
        for body_id, submission_id, version in session.exec(
            select(Deliverable.body_id, Submission.id, Submission.version)
            .join(Deliverable, col(Deliverable.id) == Submission.deliverable_id)
            .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
            .where(*collecting)
            .order_by(col(Submission.submitted_at), col(Submission.id))
        ):
            latest[body_id] = (submission_id or 0, version)
        stored = session.exec(
            select(Commitment)
            .where(col(Commitment.submission_id).in_([s for s, _ in latest.values()]))
            .order_by(col(Commitment.id))
        ).all()
        session.expunge_all()
    goals: dict[int, list[int]] = {}
    goal_text: dict[int, dict[int, str]] = {}
    vision_text: dict[int, dict[str, str]] = {}
    for row in stored:
        if row.kind is CommitmentKind.GOAL:
            goals.setdefault(row.body_id, []).append(int(row.key))
            goal_text.setdefault(row.body_id, {})[int(row.key)] = row.statement
        else:
            vision_text.setdefault(row.body_id, {})[row.key] = row.statement
    entries = [
        NamndCommitments(
            b.key,
            b.name,
            Commitments(
                tuple(goals.get(b.id or 0, ())),
                goal_text.get(b.id or 0, {}),
                vision_text.get(b.id or 0, {}),
            )
            if (b.id or 0) in latest
            else None,
            latest[b.id or 0][1] if (b.id or 0) in latest else None,
        )
        for b in owing
    ]
    areas = tuple(key for key, _name in cycle.vision_areas)
    return CoverageReport(muni, cycle, coverage(entries, areas), dict(cycle.vision_areas))
