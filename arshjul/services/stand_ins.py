"""Stand-ins (ersättare), arranged by the central office: from the first to the last day
of the period the notices meant for the absent person go to the stand-in (the absent
person in copy unless ARSHJUL_STAND_IN_COPIES_ABSENT is false), and the stand-in may act
for the absent person's bodies (arshjul.access.grants_of). Both people must be people of
the municipality; every change is audited with before and after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from arshjul.access import authorise, municipality_scope
from arshjul.context import Context
from arshjul.core.permissions import Action
from arshjul.core.stand_ins import stand_in_problem
from arshjul.errors import InvalidInput, NotFound
from arshjul.models import queries
from arshjul.models.db import writing
from arshjul.models.tables import Municipality, Person, StandIn
from arshjul.trail import record


@dataclass(frozen=True)
class StandInIn:
    absent: str  # e-mail address of the person away
    stand_in: str  # e-mail address of the colleague standing in
    first: dt.date
    last: dt.date
    reason: str = ""
    municipality: str | None = None


@dataclass(frozen=True)
class StandInView:
    id: int
    absent: str
    absent_name: str
    stand_in: str
    stand_in_name: str
    first: dt.date
    last: dt.date
    reason: str
    active_today: bool


def _municipality(ctx: Context, code: str | None) -> Municipality:
    with Session(ctx.database()) as session:
        found = queries.resolve_municipality(session=session, code=code)
        session.expunge(found)
    return found


def add(ctx: Context, form: StandInIn) -> StandInView:
    """Arrange a stand-in, for a person who may; a bad period or an address that is no
    person of the municipality is refused naming its field, and nothing is stored."""
    muni = _municipality(ctx, form.municipality)
    person = authorise(ctx, Action.ARRANGE_STAND_IN, municipality_scope(muni))
    problem = stand_in_problem(
        form.absent, form.stand_in, form.first, form.last, ctx.today(), form.reason
    )
    if problem is not None:
        field, key = problem
        raise InvalidInput(key, field=field)
    with Session(writing(ctx.database())) as session, session.begin():
        names = _people(session, muni.id or 0)
        for field, address in (("for", form.absent), ("by", form.stand_in)):
            if address.strip().lower() not in names:
                raise InvalidInput("stand_in_unknown", field=field, value=address)
        row = StandIn(
            municipality_id=muni.id or 0,
            absent_email=names[form.absent.strip().lower()][0],
            stand_in_email=names[form.stand_in.strip().lower()][0],
            first=form.first,
            last=form.last,
            reason=form.reason.strip(),
            created_by=person.email,
            created_at=ctx.now(),
        )
        session.add(row)
        session.flush()
        view = _view(row, names, ctx.today())
        record(
            ctx,
            session,
            municipality_id=muni.id or 0,
            actor=person.email,
            kind="stand_in_added",
            subject=f"person:{row.absent_email}",
            payload={
                "stand_in_id": row.id,
                "before": None,
                "after": {
                    "stand_in": row.stand_in_email,
                    "first": row.first.isoformat(),
                    "last": row.last.isoformat(),
                },
                "reason": row.reason,
            },
        )
    return view


def end(ctx: Context, *, stand_in_id: int, municipality: str | None = None) -> StandInView:
    """End a stand-in before its last day (the absent person is back), audited."""
    muni = _municipality(ctx, municipality)
    person = authorise(ctx, Action.ARRANGE_STAND_IN, municipality_scope(muni))
    with Session(writing(ctx.database())) as session, session.begin():
        row = session.get(StandIn, stand_in_id)
        if row is None or row.municipality_id != muni.id or row.ended_at is not None:
            raise NotFound("unknown_stand_in", id=stand_in_id)
        before = {"stand_in": row.stand_in_email, "last": row.last.isoformat()}
        row.ended_at = ctx.now()
        row.last = min(row.last, ctx.today() - dt.timedelta(days=1))
        session.add(row)
        view = _view(row, _people(session, muni.id or 0), ctx.today())
        record(
            ctx,
            session,
            municipality_id=muni.id or 0,
            actor=person.email,
            kind="stand_in_ended",
            subject=f"person:{row.absent_email}",
            payload={"stand_in_id": row.id, "before": before, "after": None},
        )
    return view


def current(ctx: Context, *, municipality: str | None = None) -> list[StandInView]:
    """The stand-ins under way or ahead, soonest first (anyone signed in may see who
    stands in for whom: it says where to turn)."""
    muni = _municipality(ctx, municipality)
    with Session(ctx.database()) as session:
        rows = session.exec(
            select(StandIn)
            .where(
                StandIn.municipality_id == muni.id,
                col(StandIn.ended_at).is_(None),
                col(StandIn.last) >= ctx.today(),
            )
            .order_by(col(StandIn.first), col(StandIn.id))
        ).all()
        names = _people(session, muni.id or 0)
    return [_view(row, names, ctx.today()) for row in rows]


def _people(session: Session, municipality_id: int) -> dict[str, tuple[str, str]]:
    """Lower-case address -> (the address as stored, the name) of active people."""
    return {
        p.email.lower(): (p.email, p.name)
        for p in session.exec(
            select(Person).where(Person.municipality_id == municipality_id, col(Person.active))
        )
    }


def _view(row: StandIn, names: dict[str, tuple[str, str]], today: dt.date) -> StandInView:
    def name(address: str) -> str:
        return names.get(address.lower(), (address, address))[1]

    return StandInView(
        row.id or 0,
        row.absent_email,
        name(row.absent_email),
        row.stand_in_email,
        name(row.stand_in_email),
        row.first,
        row.last,
        row.reason,
        row.first <= today <= row.last and row.ended_at is None,
    )
