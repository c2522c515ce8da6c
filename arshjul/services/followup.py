"""The follow-up rolled up for KF (arshjul.core.followup) from the rows: the year's
reports (milestones that collect assessments), the nämnder that owe them, the commitments
in force, each report's latest version with its assessments, and the municipality's
imported indicator values. A fixed number of queries, whatever the number of nämnder.

Who may read it is decided here (`authorise_reader`): coordinators, admins, and KF's
presidium (KF's chair and secretary); every refusal is recorded."""

from __future__ import annotations

from sqlmodel import Session, col, select

from arshjul.access import Scope, authorise
from arshjul.context import Context
from arshjul.core.followup import HandedIn, NamndFollowup, Report, roll_up
from arshjul.core.kinds import BodyKind
from arshjul.core.permissions import Action
from arshjul.core.template import Collects
from arshjul.errors import NotFound
from arshjul.models import queries
from arshjul.models.followup_queries import assessments_of, commitments_in_force, latest_versions
from arshjul.models.tables import Body, Cycle, Deliverable, IndicatorValue, Milestone, Municipality
from arshjul.services.assessments import scale_of
from arshjul.services.followup_report import FollowupView


def authorise_reader(ctx: Context, *, municipality: str | None) -> Municipality:
    """The municipality whose follow-up `ctx.actor` may read; a refusal is recorded."""
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        session.expunge(muni)
    _authorise(ctx, muni)
    return muni


def _authorise(ctx: Context, muni: Municipality) -> None:
    with Session(ctx.database()) as session:
        council = session.exec(
            select(Body.key).where(Body.municipality_id == muni.id, Body.kind == BodyKind.KF)
        ).first()
    scope = Scope(muni.id or 0, council, f"followup:{muni.code}", {"action": "followup"})
    authorise(ctx, Action.READ_FOLLOWUP, scope)


def followup_view(ctx: Context, *, municipality: Municipality, year: int | None) -> FollowupView:
    """The roll-up of `municipality`'s follow-up reports for a budget year (default: the
    cycle under way or being prepared). Checks the reader itself, whoever calls."""
    _authorise(ctx, municipality)
    with Session(ctx.database()) as session:
        cycle = queries.resolve_cycle(
            session=session, municipality=municipality, budget_year=year, today=ctx.today()
        )
        cycle_id = cycle.id or 0
        milestones = session.exec(
            select(Milestone)
            .where(
                Milestone.cycle_id == cycle_id,
                Milestone.collects == Collects.ASSESSMENTS.value,
                col(Milestone.active),
            )
            .order_by(col(Milestone.deadline), col(Milestone.position))
        ).all()
        if not milestones:
            raise NotFound("not_collecting_assessments", year=cycle.budget_year)
        bodies = session.exec(
            select(Body)
            .join(Deliverable, col(Deliverable.body_id) == Body.id)
            .where(
                col(Deliverable.milestone_id).in_([m.id for m in milestones]),
                col(Deliverable.active),
            )
            .order_by(col(Body.position))
            .distinct()
        ).all()
        namnder = _namnder(session, cycle_id, list(bodies), {m.id: m.key for m in milestones})
        imported = _imported(session, municipality.id or 0)
        years = tuple(
            sorted(
                set(
                    session.exec(
                        select(Cycle.budget_year).where(Cycle.municipality_id == municipality.id)
                    )
                ),
                reverse=True,
            )
        )
        session.expunge(cycle)
    reports = [Report(m.key, m.title, m.deadline) for m in milestones]
    areas = tuple((key, name) for key, name in cycle.vision_areas)
    rollup = roll_up(
        reports=reports, namnder=namnder, areas=areas, imported=imported, today=ctx.today()
    )
    return FollowupView(municipality, cycle, rollup, scale_of(ctx.settings), years)


def _namnder(
    session: Session, cycle_id: int, bodies: list[Body], milestone_keys: dict[int | None, str]
) -> list[NamndFollowup]:
    ids = [b.id or 0 for b in bodies]
    in_force = commitments_in_force(session=session, cycle_id=cycle_id, body_ids=ids)
    versions = latest_versions(
        session=session, cycle_id=cycle_id, collects=Collects.ASSESSMENTS, body_ids=ids
    )
    given = assessments_of(session=session, submission_ids=[s for s, _v in versions.values()])
    handed: dict[int, dict[str, HandedIn]] = {}
    for (body, milestone), (submission, version) in versions.items():
        handed.setdefault(body, {})[milestone_keys[milestone]] = HandedIn(
            version, given.get(submission, ())
        )
    return [
        NamndFollowup(
            b.key,
            b.name,
            in_force[b.id or 0][1] if (b.id or 0) in in_force else None,
            handed.get(b.id or 0, {}),
        )
        for b in bodies
    ]


def _imported(session: Session, municipality_id: int) -> dict[str, dict[int, float]]:
    found: dict[str, dict[int, float]] = {}
    for row in session.exec(
        select(IndicatorValue).where(IndicatorValue.municipality_id == municipality_id)
    ):
        found.setdefault(row.indicator, {})[row.period] = row.value
    return found
