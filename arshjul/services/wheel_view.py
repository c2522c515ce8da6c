"""What the web application's Årshjulet page shows: one calendar year of a municipality's
wheel, every cycle's milestones that fall in it with their most urgent status, KF's and
KS's meetings, and the span of each phase. Geometry is arshjul.core.wheel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.board import BoardCell, build_board
from arshjul.core.kinds import BodyKind
from arshjul.core.phases import Phase
from arshjul.core.status import Status, most_urgent
from arshjul.models import queries
from arshjul.models.tables import Body, Cycle, Meeting, Milestone, Municipality


@dataclass(frozen=True)
class WheelMilestone:
    budget_year: int
    key: str
    title: str
    deliverable: str
    deadline: dt.date
    phase: str
    status: Status | None  # the most urgent of its deliverables' statuses
    bodies: tuple[str, ...]


@dataclass(frozen=True)
class WheelMeeting:
    day: dt.date
    body: str  # KF or KS
    title: str


@dataclass(frozen=True)
class WheelView:
    municipality: Municipality
    year: int
    today: dt.date
    milestones: list[WheelMilestone]
    meetings: list[WheelMeeting]
    phases: list[tuple[Phase, dt.date, dt.date]]


def _default_year(session: Session, municipality_id: int, today: dt.date) -> int:
    """This year if any deadline falls in it; else the nearest year that has one (a wheel
    planned for years ahead, or an old one looked at later)."""
    years = sorted(
        {
            d.year
            for d in session.exec(
                select(col(Milestone.deadline)).where(
                    Milestone.municipality_id == municipality_id, col(Milestone.active)
                )
            )
        }
    )
    if not years or today.year in years:
        return today.year
    return int(min(years, key=lambda y: (abs(y - today.year), -y)))


def wheel_view(
    ctx: Context,
    *,
    municipality: str | None,
    year: int | None,
    bodies: tuple[str, ...] | None = None,
) -> WheelView:
    """The wheel of one calendar year; with `bodies`, only their deliverables (a
    secretary's "my bodies"), each milestone at their own deadline and with their status."""
    today = ctx.today()
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        year = year or _default_year(session, muni.id or 0, today)
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        cycles = session.exec(select(Cycle).where(Cycle.municipality_id == muni.id)).all()
        planned = {
            (m.cycle_id, m.key): (m.phase, m.deadline)
            for m in session.exec(
                select(Milestone).where(
                    Milestone.municipality_id == muni.id,
                    col(Milestone.active),
                    col(Milestone.deadline) >= start,
                    col(Milestone.deadline) <= end,
                )
            )
        }
        milestones: list[WheelMilestone] = []
        for cycle in cycles:
            rows = [
                r
                for r in queries.deliverable_rows(session=session, cycle=cycle)
                if (cycle.id or 0, r.milestone_key) in planned
                and (bodies is None or r.body_key in bodies)
            ]
            board = build_board(rows, ctx.now(), cycle.due_soon_days)
            grouped: dict[str, list[BoardCell]] = {}
            for cell in board.cells:
                grouped.setdefault(cell.row.milestone_key, []).append(cell)
            for key, cells in grouped.items():
                first = cells[0].row
                phase, deadline = planned[(cycle.id or 0, key)]
                milestones.append(
                    WheelMilestone(
                        cycle.budget_year,
                        key,
                        first.milestone_title,
                        first.deliverable_title,
                        min(c.status.deadline for c in cells) if bodies else deadline,
                        phase or "",
                        most_urgent(c.status.status for c in cells),
                        tuple(c.row.body_key for c in cells),
                    )
                )
        meetings = [
            WheelMeeting(meeting.date, body.key, meeting.title)
            for meeting, body in session.exec(
                select(Meeting, Body)
                .join(Body, col(Body.id) == Meeting.body_id)
                .where(
                    Meeting.municipality_id == muni.id,
                    col(Meeting.active),
                    col(Body.kind).in_([BodyKind.KF, BodyKind.KS]),
                    col(Meeting.date) >= start,
                    col(Meeting.date) <= end,
                )
                .order_by(col(Meeting.date))
            )
        ]
        session.expunge_all()
    milestones.sort(key=lambda m: (m.deadline, m.budget_year, m.key))
    spans: dict[str, list[dt.date]] = {}
    for m in milestones:
        if m.phase:
            spans.setdefault(m.phase, []).append(m.deadline)
    ordered = [
        (phase, min(spans[phase.value]), max(spans[phase.value]))
        for phase in Phase
        if phase.value in spans
    ]
    return WheelView(muni, year, today, milestones, list(dict.fromkeys(meetings)), ordered)
