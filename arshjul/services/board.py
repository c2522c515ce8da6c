"""The status board and what is read from it: a cycle's deliverables with their derived
status as of the context's clock, and a body's deadlines as calendar events."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from arshjul.context import Context
from arshjul.core.board import Board, build_board
from arshjul.errors import NotFound
from arshjul.models import queries
from arshjul.models.tables import Cycle, Municipality


@dataclass(frozen=True)
class BoardView:
    municipality: Municipality
    cycle: Cycle
    board: Board


def load_board(
    ctx: Context, *, municipality: str | None, year: int | None, body: str | None = None
) -> BoardView:
    """Every deliverable of the cycle (or one body's) with its status at `ctx.now()`."""
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        cycle = queries.resolve_cycle(
            session=session, municipality=muni, budget_year=year, today=ctx.today()
        )
        if body is not None:
            known = [b.key for b in queries.bodies_of(session=session, municipality=muni)]
            if body not in known:
                raise NotFound("unknown_body", body=body, known=", ".join(known))
        rows = queries.deliverable_rows(session=session, cycle=cycle, body_key=body)
        session.expunge_all()
    return BoardView(muni, cycle, build_board(rows, ctx.now(), cycle.due_soon_days))


def body_calendar(
    ctx: Context, *, body: str, municipality: str | None, year: int | None
) -> tuple[str, int]:
    """A body's whole cycle as one iCalendar text (one all-day event per deadline, UID
    stable per deliverable, SEQUENCE counting its moves) and the number of events."""
    from arshjul.notifications import DeadlineEvent, calendar_text, deliverable_uid

    view = load_board(ctx, municipality=municipality, year=year, body=body)
    muni, cycle = view.municipality, view.cycle
    with Session(ctx.database()) as session:
        moves = queries.deadline_moves(session=session, cycle=cycle)
    events = [
        DeadlineEvent(
            uid=deliverable_uid(muni.code, cycle.budget_year, c.row.milestone_key, body),
            sequence=moves.get(c.row.milestone_key, 0),
            deadline=c.status.deadline,
            summary=f"{c.row.deliverable_title} ({body})",
            description=f"{c.row.milestone_title}\n{c.row.body_name}\n{muni.name}",
            stamp=ctx.now(),
        )
        for c in view.board.cells
    ]
    return calendar_text(events, f"{muni.name} {body} {cycle.budget_year}"), len(events)
