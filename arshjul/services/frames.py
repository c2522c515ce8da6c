"""Budget frames per nämnd (ramstyrning), and how the nämnder's budgets compare with them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from arshjul.access import Scope, authorise
from arshjul.context import Context
from arshjul.core.frames import FrameLine
from arshjul.core.kinds import BodyKind
from arshjul.core.permissions import Action
from arshjul.errors import InvalidInput, NotFound
from arshjul.models import queries
from arshjul.models.db import writing
from arshjul.models.tables import Body, BudgetFrame, Cycle, Decision, Municipality
from arshjul.trail import record


@dataclass(frozen=True)
class FrameIn:
    """KF's frame for one nämnd and budget year, as a coordinator enters it."""

    body_key: str
    amount_sek: int
    year: int | None = None
    decision_id: int | None = None  # the KF decision that set it
    municipality: str | None = None


@dataclass(frozen=True)
class FrameChange:
    old_sek: int | None
    new_sek: int
    line: FrameLine  # the nämnd's frame and latest budget total after the change
    coordinators_alerted: int


def set_frame(ctx: Context, form: FrameIn) -> FrameChange:
    """Set (or change) a nämnd's frame for a budget year. If the nämnd's budget total is
    now above it, the coordinators are told (in the same commit, sent right after)."""
    if form.amount_sek <= 0:
        raise InvalidInput("bad_amount", value=form.amount_sek)
    amount_sek, decision_id = form.amount_sek, form.decision_id
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=form.municipality)
        cycle = queries.resolve_cycle(
            session=session, municipality=muni, budget_year=form.year, today=ctx.today()
        )
        body = session.exec(
            select(Body).where(Body.municipality_id == muni.id, Body.key == form.body_key)
        ).first()
        if body is None or not BodyKind(body.kind).is_namnd:
            known = ", ".join(
                b.key
                for b in queries.bodies_of(session=session, municipality=muni)
                if BodyKind(b.kind).is_namnd
            )
            raise NotFound("unknown_body", body=form.body_key, known=known)
        if decision_id is not None and session.get(Decision, decision_id) is None:
            raise NotFound("unknown_decision", id=decision_id)
        session.expunge_all()
    scope = Scope(
        muni.id or 0,
        body.key,
        f"body:{body.key}",
        {"body": body.key, "budget_year": cycle.budget_year},
    )
    person = authorise(ctx, Action.SET_FRAME, scope)
    actor, now = person.email, ctx.now()
    with Session(writing(ctx.database())) as session, session.begin():
        frame = session.exec(
            select(BudgetFrame).where(
                BudgetFrame.cycle_id == cycle.id, BudgetFrame.body_id == body.id
            )
        ).first()
        old = frame.amount_sek if frame else None
        if frame is None:
            frame = BudgetFrame(
                municipality_id=muni.id or 0,
                cycle_id=cycle.id or 0,
                body_id=body.id or 0,
                amount_sek=amount_sek,
                decision_id=decision_id,
                set_at=now,
                set_by=actor,
            )
        else:
            frame.amount_sek, frame.decision_id = amount_sek, decision_id
            frame.set_at, frame.set_by = now, actor
        session.add(frame)
        record(
            ctx.at(now),
            session,
            municipality_id=muni.id or 0,
            actor=actor,
            kind="frame_set",
            subject=f"body:{body.key}",
            payload={
                "body": body.key,
                "budget_year": cycle.budget_year,
                "old_sek": old,
                "new_sek": amount_sek,
                "decision_id": decision_id,
            },
        )
        session.flush()
        # Imported here: `frame report` and `status` read frames without rendering mail.
        from arshjul.notifications import enqueue_notice, frame_line, over_frame_notices, send_now

        line = frame_line(session, cycle_id=cycle.id or 0, body=body)
        alerts = over_frame_notices(
            session, cycle=cycle, body=body, line=line, actor=actor, today=ctx.today()
        )
        keys = [enqueue_notice(session, alert, ctx) for alert in alerts]
    alerted = len(send_now(ctx, keys))
    return FrameChange(old, amount_sek, line, alerted)


def frame_lines(
    ctx: Context, *, municipality: str | None, year: int | None
) -> tuple[Municipality, Cycle, list[FrameLine]]:
    """One line per nämnd (KS included): its frame and its latest submitted budget total."""
    today = ctx.today()
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        cycle = queries.resolve_cycle(
            session=session, municipality=muni, budget_year=year, today=today
        )
        bodies = [
            b
            for b in queries.bodies_of(session=session, municipality=muni)
            if BodyKind(b.kind).is_namnd
        ]
        frames, latest = queries.budget_figures(session=session, cycle_id=cycle.id or 0)
        session.expunge_all()
    return (
        muni,
        cycle,
        [FrameLine(b.key, frames.get(b.id or 0), latest.get(b.id or 0)) for b in bodies],
    )
