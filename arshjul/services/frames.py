"""Budget frames per nämnd (ramstyrning), and how the nämnder's budgets compare with them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, select

from arshjul.services.access import grants_of, refusal
from arshjul.core.frames import FrameLine
from arshjul.core.instants import local_date
from arshjul.core.permissions import Action, may
from arshjul.errors import InvalidInput, NotFound
from arshjul.settings import Settings
from models import queries
from models.audit import append_event
from models.tables import Body, BudgetFrame, Cycle, Decision, Municipality


@dataclass(frozen=True)
class FrameChange:
    old_sek: int | None
    new_sek: int
    line: FrameLine  # the nämnd's frame and latest budget total after the change
    coordinators_alerted: int


def set_frame(
    *,
    engine: Engine,
    settings: Settings,
    actor: str | None,
    body_key: str,
    amount_sek: int,
    year: int | None,
    decision_id: int | None,
    municipality: str | None,
    now: dt.datetime,
) -> FrameChange:
    """Set (or change) a nämnd's frame for a budget year. If the nämnd's budget total is
    now above it, the coordinators are told (in the same commit, sent right after)."""
    if not actor:
        raise InvalidInput("who_are_you")
    if amount_sek <= 0:
        raise InvalidInput("bad_amount", value=amount_sek)
    with Session(engine) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        cycle = queries.resolve_cycle(
            session=session, municipality=muni, budget_year=year, today=local_date(now)
        )
        body = session.exec(
            select(Body).where(Body.municipality_id == muni.id, Body.key == body_key)
        ).first()
        if body is None or body.kind not in ("ks", "namnd"):
            known = ", ".join(
                b.key
                for b in queries.bodies_of(session=session, municipality=muni)
                if b.kind in ("ks", "namnd")
            )
            raise NotFound("unknown_body", body=body_key, known=known)
        if decision_id is not None and session.get(Decision, decision_id) is None:
            raise NotFound("unknown_decision", id=decision_id)
        people, grants = grants_of(session=session, email=actor, municipality_id=muni.id or 0)
        session.expunge_all()
    if not people:
        raise NotFound("unknown_person", person=actor, municipality=muni.name)
    if not may(Action.SET_FRAME, grants, body.key):
        raise refusal(
            engine,
            municipality_id=muni.id or 0,
            actor=actor,
            action=Action.SET_FRAME,
            subject=f"body:{body.key}",
            payload={"body": body.key, "budget_year": cycle.budget_year},
            body=body.key,
            now=now,
        )
    with Session(engine) as session, session.begin():
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
        append_event(
            session=session,
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
            at=now,
        )
        session.flush()
        # Imported here: `frame report` and `status` read frames without rendering mail.
        from arshjul.services.frame_alerts import frame_line, over_frame_notices
        from arshjul.services.outbox import enqueue_notice, send_now

        line = frame_line(session, cycle_id=cycle.id or 0, body=body)
        alerts = over_frame_notices(
            session, cycle=cycle, body=body, line=line, actor=actor, today=local_date(now)
        )
        keys = [enqueue_notice(session, alert, settings, now) for alert in alerts]
    alerted = len(send_now(engine, settings, now, keys))
    return FrameChange(old, amount_sek, line, alerted)


def frame_lines(
    *, engine: Engine, municipality: str | None, year: int | None, today: dt.date
) -> tuple[Municipality, Cycle, list[FrameLine]]:
    """One line per nämnd (KS included): its frame and its latest submitted budget total."""
    with Session(engine) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        cycle = queries.resolve_cycle(
            session=session, municipality=muni, budget_year=year, today=today
        )
        bodies = [
            b
            for b in queries.bodies_of(session=session, municipality=muni)
            if b.kind in ("ks", "namnd")
        ]
        frames, latest = queries.budget_figures(session=session, cycle_id=cycle.id or 0)
        session.expunge_all()
    return muni, cycle, [FrameLine(b.key, frames.get(b.id), latest.get(b.id)) for b in bodies]
