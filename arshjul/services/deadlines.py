"""One body's deliverable given a new deadline by a coordinator, without a review round
(arshjul.core.extensions says when it may be): the deadline in force for that body alone,
recorded as a change with the reason, audited with before and after, and told to the
body's secretaries with a changed-date notice queued in the same commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from arshjul.access import Target, authorise, load_target
from arshjul.context import Context
from arshjul.core.extensions import extension_problem
from arshjul.core.permissions import Action
from arshjul.errors import InvalidInput
from arshjul.models.db import writing
from arshjul.models.tables import DeadlineChange, Deliverable, Submission
from arshjul.notifications import queue_changed_deadline, send_now
from arshjul.trail import record


@dataclass(frozen=True)
class ExtensionIn:
    """A new deadline for one deliverable (by id or MILESTONE/BODY) and why."""

    ref: str
    new_deadline: dt.date
    reason: str
    municipality: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Extended:
    deliverable_id: int
    old_deadline: dt.date
    new_deadline: dt.date
    notices: int  # changed-date notices queued to the body's secretaries


def extend(ctx: Context, form: ExtensionIn) -> Extended:
    """Give the body its own deadline, for a person who may; refused with the reason in
    one line when the date or the deliverable does not allow it, and nothing changes."""
    target = load_target(ctx, form.ref, form.municipality, form.year)
    person = authorise(ctx, Action.EXTEND_DEADLINE, target.scope)
    now = ctx.now()
    with Session(writing(ctx.database())) as session, session.begin():
        handed_in = (
            session.exec(
                select(Submission.id).where(Submission.deliverable_id == target.deliverable.id)
            ).first()
            is not None
        )
        problem = extension_problem(
            form.new_deadline,
            form.reason,
            ctx.today(),
            handed_in=handed_in,
            closed=target.cycle.closed,
        )
        if problem is not None:
            day = problem.day.name(ctx.lang) if problem.day else ""
            raise InvalidInput(problem.key, date=problem.date, limit=problem.limit, day=day)
        old = target.planned_deadline
        change = _store(session, target, form, now)
        record(
            ctx.at(now),
            session,
            municipality_id=target.municipality.id or 0,
            actor=person.email,
            kind="deadline_extended",
            subject=target.subject,
            payload={
                **target.payload(),
                "before": old.isoformat(),
                "after": form.new_deadline.isoformat(),
                "reason": form.reason.strip(),
                "change_id": change.id,
            },
        )
        keys = queue_changed_deadline(session, ctx.at(now), change.id or 0)
    send_now(ctx, keys)
    return Extended(target.deliverable.id or 0, old, form.new_deadline, len(keys))


def _store(session: Session, target: Target, form: ExtensionIn, now: dt.datetime) -> DeadlineChange:
    deliverable = session.get(Deliverable, target.deliverable.id)
    assert deliverable is not None
    change = DeadlineChange(
        municipality_id=deliverable.municipality_id,
        cycle_id=deliverable.cycle_id,
        milestone_id=deliverable.milestone_id,
        deliverable_id=deliverable.id,
        old_deadline=target.planned_deadline,
        new_deadline=form.new_deadline,
        old_rule={"deadline_of": "milestone"}
        if deliverable.deadline_override is None
        else {"given": deliverable.deadline_override.isoformat()},
        new_rule={"given": form.new_deadline.isoformat(), "reason": form.reason.strip()},
        changed_at=now,
    )
    deliverable.deadline_override = form.new_deadline
    deliverable.override_reason = form.reason.strip()
    session.add_all([deliverable, change])
    session.flush()
    return change
