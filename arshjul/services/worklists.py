"""What each person owes or watches, as their start page shows it: a secretary's bodies'
deliverables not yet handed in (deadline, days left, status, what was returned and why),
and the coordinators' list of what is late or due soon across the municipality (days late
in business days, who is responsible, the last notice and when, counts per nämnd).

Both read the boards of the municipality's open cycles as of the context's clock, so a
page set to another day shows that day's list."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, select

from arshjul.access import authorise, municipality_scope
from arshjul.context import Context
from arshjul.core.board import BoardCell, build_board
from arshjul.core.kinds import Role
from arshjul.core.permissions import Action
from arshjul.core.status import Status
from arshjul.core.transitions import OutboxState
from arshjul.models import queries
from arshjul.models.tables import Body, Cycle, Municipality, OutboxMessage, Person, Submission
from arshjul.texts import label

DONE = {Status.SUBMITTED, Status.SUBMITTED_LATE, Status.ACCEPTED}
WATCHED = (Status.OVERDUE, Status.RETURNED, Status.DUE_SOON)
AHEAD = dt.timedelta(days=120)  # how far ahead a secretary's start page looks


@dataclass(frozen=True)
class Owed:
    """One deliverable as a worklist shows it."""

    deliverable_id: int
    budget_year: int
    milestone_title: str
    deliverable_title: str
    body_key: str
    body_name: str
    deadline: dt.date
    status: Status
    days_left: int  # calendar days until the deadline (0 on the day, negative after it)
    business_days_late: int
    returned_comment: str = ""  # why the latest version was returned, when it was
    extension_reason: str = ""  # why this body was given its own deadline
    secretaries: tuple[tuple[str, str], ...] = ()  # (name, e-mail) of those responsible
    last_notice: tuple[str, dt.datetime] | None = None  # (kind, sent at)


@dataclass(frozen=True)
class BodyCounts:
    key: str
    name: str
    counts: dict[Status, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Watchlist:
    municipality: Municipality
    items: list[Owed]
    per_body: list[BodyCounts]
    waiting_review: int  # latest versions no coordinator has judged


def _open_cells(
    session: Session, ctx: Context, muni: Municipality
) -> list[tuple[Cycle, BoardCell]]:
    cycles = session.exec(
        select(Cycle)
        .where(Cycle.municipality_id == muni.id, ~col(Cycle.closed))
        .order_by(col(Cycle.budget_year))
    ).all()
    found = []
    for cycle in cycles:
        board = build_board(
            queries.deliverable_rows(session=session, cycle=cycle), ctx.now(), cycle.due_soon_days
        )
        found += [(cycle, cell) for cell in board.cells]
    return found


def _returned_comments(session: Session, ids: list[int]) -> dict[int, str]:
    """The review comment of each deliverable whose latest version was returned."""
    latest: dict[int, Submission] = {}
    for s in session.exec(
        select(Submission)
        .where(col(Submission.deliverable_id).in_(ids))
        .order_by(col(Submission.version))
    ):
        latest[s.deliverable_id] = s
    return {d: s.review_comment for d, s in latest.items() if s.review_comment}


def _last_notices(session: Session, ids: list[int]) -> dict[int, tuple[str, dt.datetime]]:
    rows = session.exec(
        select(OutboxMessage.deliverable_id, OutboxMessage.kind, func.max(OutboxMessage.sent_at))
        .where(col(OutboxMessage.deliverable_id).in_(ids), OutboxMessage.state == OutboxState.SENT)
        .group_by(col(OutboxMessage.deliverable_id), col(OutboxMessage.kind))
    ).all()
    found: dict[int, tuple[str, dt.datetime]] = {}
    for d_id, kind, at in rows:
        if d_id is not None and at is not None and (d_id not in found or found[d_id][1] < at):
            found[d_id] = (str(kind), at)
    return found


def _secretaries(
    session: Session, muni: Municipality, today: dt.date, stands_in: str
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each body's secretaries (name, e-mail), and beside one away, who stands in."""
    cover = queries.stand_ins_on(session=session, day=today, municipality_id=muni.id)
    by_body: dict[str, list[tuple[str, str]]] = {}
    for person, key in session.exec(
        select(Person, Body.key)
        .join(Body, col(Body.id) == Person.body_id)
        .where(
            Person.municipality_id == muni.id,
            Person.role == Role.SECRETARY,
            col(Person.active),
        )
        .order_by(col(Person.id))
    ):
        by_body.setdefault(key, []).append((person.name, person.email))
        stand_in = cover.get(person.email.lower())
        if stand_in is not None:
            by_body[key].append((stands_in.format(stand_in.name, person.name), stand_in.email))
    return {key: tuple(people) for key, people in by_body.items()}


def _owed(
    cycle: Cycle, cell: BoardCell, today: dt.date, comments: dict[int, str], **more: object
) -> Owed:
    row, status = cell.row, cell.status
    return Owed(
        row.deliverable_id,
        cycle.budget_year,
        row.milestone_title,
        row.deliverable_title,
        row.body_key,
        row.body_name,
        status.deadline,
        status.status,
        (status.deadline - today).days,
        status.business_days_late,
        comments.get(row.deliverable_id, "") if status.status is Status.RETURNED else "",
        row.extension_reason,
        **more,  # type: ignore[arg-type]
    )


def secretary_worklist(ctx: Context, *, municipality: str | None, bodies: list[str]) -> list[Owed]:
    """What `bodies` still owe, the soonest first: everything late or returned, and what
    falls due in the next months (nothing handed in and not yet judged)."""
    today = ctx.today()
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        cells = [
            (cycle, cell)
            for cycle, cell in _open_cells(session, ctx, muni)
            if cell.row.body_key in bodies
            and cell.status.status not in DONE
            and cell.status.deadline <= today + AHEAD
        ]
        comments = _returned_comments(session, [c.row.deliverable_id for _, c in cells])
    items = [_owed(cycle, cell, today, comments) for cycle, cell in cells]
    return sorted(items, key=lambda o: (o.deadline, o.body_key, o.milestone_title))


def watchlist(ctx: Context, *, municipality: str | None) -> Watchlist:
    """The coordinators' day: what is late, returned or due soon, for a person who may
    chase (coordinators, admins)."""
    today = ctx.today()
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        session.expunge(muni)
        authorise(ctx, Action.REMIND, municipality_scope(muni))
        cells = [
            (cycle, cell)
            for cycle, cell in _open_cells(session, ctx, muni)
            if cell.status.status in WATCHED
        ]
        ids = [c.row.deliverable_id for _, c in cells]
        comments, notices = _returned_comments(session, ids), _last_notices(session, ids)
        stands_in = label("web_stands_in", ctx.lang, stand_in="{0}", name="{1}")
        secretaries = _secretaries(session, muni, today, stands_in)
        waiting = _waiting_review(session, muni)
    items = [
        _owed(
            cycle,
            cell,
            today,
            comments,
            secretaries=secretaries.get(cell.row.body_key, ()),
            last_notice=notices.get(cell.row.deliverable_id),
        )
        for cycle, cell in cells
    ]
    order = {status: n for n, status in enumerate(WATCHED)}
    items.sort(key=lambda o: (order[o.status], o.deadline, o.body_key))
    return Watchlist(muni, items, _per_body(items), waiting)


def _per_body(items: list[Owed]) -> list[BodyCounts]:
    counts: dict[tuple[str, str], Counter[Status]] = {}
    for item in items:
        counts.setdefault((item.body_key, item.body_name), Counter())[item.status] += 1
    return [BodyCounts(key, name, dict(c)) for (key, name), c in sorted(counts.items())]


def _waiting_review(session: Session, muni: Municipality) -> int:
    latest: dict[int, Submission] = {}
    for s in session.exec(
        select(Submission)
        .where(Submission.municipality_id == muni.id)
        .order_by(col(Submission.version))
    ):
        latest[s.deliverable_id] = s
    return sum(1 for s in latest.values() if s.review is None)
