"""Record decisions and their justering and anslag; list them with their statutory clock.

A decision that names a milestone completes that milestone's deliverable for the deciding
body: it is recorded as a submission on the meeting day, accepted, so the board shows it done
and the audit trail holds both the decision and the completion. Only a milestone the
template declares `completed_by: decision` (the decision is the deliverable, say KF's
budget) can be completed so: a document is completed only by a hand-in that a coordinator
accepts, so a secretary cannot mark her own overdue document done by recording a decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from arshjul import trail
from arshjul.access import Scope, authorise
from arshjul.context import Context
from arshjul.core.decisions import DecisionClock, decision_clock
from arshjul.core.facts import Review
from arshjul.core.instants import STOCKHOLM
from arshjul.core.permissions import Action
from arshjul.core.template import CompletedBy
from arshjul.errors import InvalidInput, NotFound
from arshjul.models import queries
from arshjul.models.db import writing
from arshjul.models.tables import (
    Body,
    Cycle,
    Decision,
    Deliverable,
    Milestone,
    Municipality,
    Person,
    Submission,
)


@dataclass(frozen=True)
class DecisionIn:
    """A decision as its body's secretary records it from the minutes."""

    body_key: str
    meeting_date: dt.date
    paragraph: str  # "§ 61"
    title: str
    diarienummer: str = ""
    milestone_key: str | None = None  # the milestone it completes for the deciding body
    year: int | None = None
    justered: dt.date | None = None
    announced: dt.date | None = None
    omedelbar: bool = False
    municipality: str | None = None


@dataclass(frozen=True)
class DecisionUpdateIn:
    """The justering and/or anslag of a recorded decision, when they happen."""

    decision_id: int
    justered: dt.date | None = None
    announced: dt.date | None = None


@dataclass(frozen=True)
class DecisionView:
    decision: Decision
    body_key: str
    milestone_key: str | None
    budget_year: int | None
    clock: DecisionClock

    def as_dict(self) -> dict[str, Any]:
        c, d = self.clock, self.decision
        return {
            "id": d.id,
            "body": self.body_key,
            "meeting_date": d.meeting_date.isoformat(),
            "paragraph": d.paragraph,
            "diarienummer": d.diarienummer,
            "title": d.title,
            "milestone": self.milestone_key,
            "budget_year": self.budget_year,
            "omedelbar": d.omedelbar,
            "latest_justering": c.latest_justering.date.isoformat(),
            "justered_on": d.justered_on.isoformat() if d.justered_on else None,
            "latest_anslag": c.latest_anslag.date.isoformat() if c.latest_anslag else None,
            "announced_on": d.announced_on.isoformat() if d.announced_on else None,
            "appeal_ends": c.appeal_ends.date.isoformat() if c.appeal_ends else None,
            "laga_kraft": c.laga_kraft.isoformat() if c.laga_kraft else None,
            "provisional": c.provisional,
            "justering_late": c.justering_late,
            "anslag_late": c.anslag_late,
        }


def _clock(d: Decision) -> DecisionClock:
    return decision_clock(
        d.meeting_date, justering=d.justered_on, anslag=d.announced_on, omedelbar=d.omedelbar
    )


def _check_dates(
    meeting: dt.date, justered: dt.date | None, announced: dt.date | None, omedelbar: bool
) -> None:
    if justered is not None and justered < meeting:
        raise InvalidInput(
            "justered_before_meeting", justered=justered.isoformat(), meeting=meeting.isoformat()
        )
    if announced is not None and (justered or (meeting if omedelbar else None)) is None:
        raise InvalidInput("announced_without_justering")
    if announced is not None and announced < (justered or meeting):
        raise InvalidInput("announced_before_justering", announced=announced.isoformat())


@dataclass(frozen=True)
class _Decided:
    """What a decision to record is about: the body, and the milestone it completes."""

    municipality: Municipality
    body: Body
    cycle: Cycle | None = None
    milestone: Milestone | None = None
    deliverable: Deliverable | None = None


def record(ctx: Context, form: DecisionIn) -> DecisionView:
    """Record a decision in the register (and complete the body's deliverable of the
    milestone it decides, if any), for a person who may record the body's decisions."""
    if not form.title.strip() or not form.paragraph.strip():
        raise InvalidInput("decision_needs")
    _check_dates(form.meeting_date, form.justered, form.announced, form.omedelbar)
    about = _decided(ctx, form)
    body = about.body
    scope = Scope(
        about.municipality.id or 0,
        body.key,
        f"body:{body.key}",
        {"body": body.key, "title": form.title},
    )
    person = authorise(ctx, Action.RECORD_DECISION, scope)
    now = ctx.now()
    with Session(writing(ctx.database())) as session, session.begin():
        duplicate = session.exec(
            select(Decision).where(
                Decision.body_id == body.id,
                Decision.meeting_date == form.meeting_date,
                Decision.paragraph == form.paragraph,
            )
        ).first()
        if duplicate is not None:
            raise InvalidInput("decision_exists", id=duplicate.id)
        decision = Decision(
            municipality_id=about.municipality.id or 0,
            body_id=body.id or 0,
            cycle_id=about.cycle.id if about.cycle else None,
            milestone_id=about.milestone.id if about.milestone else None,
            meeting_date=form.meeting_date,
            paragraph=form.paragraph,
            diarienummer=form.diarienummer,
            title=form.title,
            omedelbar=form.omedelbar,
            justered_on=form.justered or (form.meeting_date if form.omedelbar else None),
            announced_on=form.announced,
            recorded_at=now,
            recorded_by=person.email,
        )
        session.add(decision)
        session.flush()
        budget_year = about.cycle.budget_year if about.cycle else None
        view = DecisionView(decision, body.key, form.milestone_key, budget_year, _clock(decision))
        trail.record(
            ctx.at(now),
            session,
            municipality_id=about.municipality.id or 0,
            actor=person.email,
            kind="decision_recorded",
            subject=f"decision:{decision.id}",
            payload={**view.as_dict(), "body": body.key, "budget_year": view.budget_year},
        )
        if about.deliverable is not None and about.milestone is not None:
            _complete(
                ctx, session, about.deliverable, about.milestone, decision, person, budget_year
            )
        session.flush()
        session.expunge(decision)
    return view


def _decided(ctx: Context, form: DecisionIn) -> _Decided:
    """The body the form names, and the deliverable of the milestone it completes; a
    milestone that is a document, not a decision, is refused."""
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=form.municipality)
        body = session.exec(
            select(Body).where(Body.municipality_id == muni.id, Body.key == form.body_key)
        ).first()
        if body is None:
            known = ", ".join(b.key for b in queries.bodies_of(session=session, municipality=muni))
            raise NotFound("unknown_body", body=form.body_key, known=known)
        if form.milestone_key is None:
            session.expunge_all()
            return _Decided(muni, body)
        ref = f"{form.milestone_key}/{form.body_key}"
        cycle = queries.resolve_cycle(
            session=session, municipality=muni, budget_year=form.year, today=ctx.today()
        )
        milestone = session.exec(
            select(Milestone).where(
                Milestone.cycle_id == cycle.id,
                Milestone.key == form.milestone_key,
                col(Milestone.active),
            )
        ).first()
        if milestone is None:
            raise NotFound("unknown_deliverable", ref=ref)
        if milestone.completed_by is not CompletedBy.DECISION:
            raise InvalidInput("not_a_decision", milestone=form.milestone_key)
        deliverable = session.exec(
            select(Deliverable).where(
                Deliverable.milestone_id == milestone.id,
                Deliverable.body_id == body.id,
                col(Deliverable.active),
            )
        ).first()
        if deliverable is None:
            raise NotFound("unknown_deliverable", ref=ref)
        session.expunge_all()
    return _Decided(muni, body, cycle, milestone, deliverable)


def _complete(
    ctx: Context,
    session: Session,
    deliverable: Deliverable,
    milestone: Milestone,
    decision: Decision,
    person: Person,
    budget_year: int | None,
) -> None:
    """The decision is the deliverable: handed in on the meeting day, accepted on record."""
    actor, now = person.email, ctx.now()
    versions = session.exec(
        select(Submission).where(Submission.deliverable_id == deliverable.id)
    ).all()
    taken = dt.datetime.combine(decision.meeting_date, dt.time(12), tzinfo=STOCKHOLM)
    submission = Submission(
        municipality_id=deliverable.municipality_id,
        deliverable_id=deliverable.id or 0,
        version=len(versions) + 1,
        submitted_by=person.id,
        submitted_at=taken,
        comment=f"Beslut {decision.paragraph}: {decision.title}",
        diarienummer=decision.diarienummer,
        review=Review.ACCEPTED,
        reviewed_at=max(now, taken),
        reviewed_by=person.id,
    )
    session.add(submission)
    session.flush()
    trail.record(
        ctx.at(now),
        session,
        municipality_id=deliverable.municipality_id,
        actor=actor,
        kind="completed_by_decision",
        subject=f"deliverable:{deliverable.id}",
        payload={
            "decision_id": decision.id,
            "milestone": milestone.key,
            "version": submission.version,
            "budget_year": budget_year,
            "submission_id": submission.id,
            "submitted_at": submission.submitted_at.astimezone(dt.UTC).isoformat(),
            "reviewed_at": submission.reviewed_at.astimezone(dt.UTC).isoformat()
            if submission.reviewed_at
            else None,
        },
    )


def update(ctx: Context, form: DecisionUpdateIn) -> DecisionView:
    """Record a decision's justering and/or anslag when they happen."""
    decision_id, justered, announced = form.decision_id, form.justered, form.announced
    with Session(ctx.database()) as session:
        found = session.get(Decision, decision_id)
        if found is None:
            raise NotFound("unknown_decision", id=decision_id)
        body = session.get(Body, found.body_id)
        body_key = body.key if body else "?"
        municipality_id = found.municipality_id
    scope = Scope(municipality_id, body_key, f"decision:{decision_id}", {"body": body_key})
    person = authorise(ctx, Action.RECORD_DECISION, scope)
    actor, now = person.email, ctx.now()
    with Session(writing(ctx.database())) as session, session.begin():
        decision = session.get(Decision, decision_id)
        assert decision is not None
        new_justered = justered or decision.justered_on
        new_announced = announced or decision.announced_on
        _check_dates(decision.meeting_date, new_justered, new_announced, decision.omedelbar)
        decision.justered_on, decision.announced_on = new_justered, new_announced
        session.add(decision)
        session.flush()
        view = _view(session, decision)
        for kind, day in (("decision_justered", justered), ("decision_announced", announced)):
            if day is not None:
                trail.record(
                    ctx.at(now),
                    session,
                    municipality_id=decision.municipality_id,
                    actor=actor,
                    kind=kind,
                    subject=f"decision:{decision.id}",
                    payload={
                        "date": day.isoformat(),
                        "body": view.body_key,
                        "budget_year": view.budget_year,
                        "laga_kraft": view.as_dict()["laga_kraft"],
                    },
                )
        session.expunge(decision)
    return view


def _view(session: Session, decision: Decision) -> DecisionView:
    body = session.get(Body, decision.body_id)
    milestone = session.get(Milestone, decision.milestone_id) if decision.milestone_id else None
    cycle = session.get(Cycle, decision.cycle_id) if decision.cycle_id else None
    return DecisionView(
        decision,
        body.key if body else "?",
        milestone.key if milestone else None,
        cycle.budget_year if cycle else None,
        _clock(decision),
    )


def listing(
    ctx: Context, *, municipality: str | None, year: int | None = None
) -> tuple[Municipality, list[DecisionView]]:
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        decisions = session.exec(
            select(Decision)
            .where(Decision.municipality_id == muni.id)
            .order_by(col(Decision.meeting_date), col(Decision.id))
        ).all()
        views = [_view(session, d) for d in decisions]
        session.expunge_all()
    if year is not None:
        views = [v for v in views if v.budget_year == year]
    return muni, views
