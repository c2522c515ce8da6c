"""One body's deliverable marked "inte aktuell" for the year by a coordinator, with why:
the body owes nothing for it (no reminders, never late; the board, the wheel and the
exports say "inte aktuell"), and a coordinator can take it back. Each way audited with the
state before and after; nothing is deleted, so what was handed in stays on record."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from arshjul.access import authorise, load_target
from arshjul.context import Context
from arshjul.core.permissions import Action
from arshjul.errors import CycleClosed, InvalidInput
from arshjul.models.db import writing
from arshjul.models.tables import Deliverable, Submission
from arshjul.trail import record

MAX_REASON = 500


@dataclass(frozen=True)
class NotApplicableIn:
    """Mark (or, with `applies`, take back) one deliverable (id or MILESTONE/BODY)."""

    ref: str
    reason: str
    applies: bool = False  # True: it applies again (the mark is taken back)
    municipality: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Marked:
    deliverable_id: int
    milestone: str
    body: str
    not_applicable: bool


def _problem(form: NotApplicableIn, current: bool, handed_in: bool) -> str | None:
    reason = form.reason.strip()
    if not form.applies and not reason:
        return "not_applicable_reason"
    if len(reason) > MAX_REASON:
        return "not_applicable_reason_long"
    if form.applies and not current:
        return "not_applicable_not_marked"
    if not form.applies and current:
        return "not_applicable_already"
    if not form.applies and handed_in:
        return "not_applicable_handed_in"
    return None


def mark(ctx: Context, form: NotApplicableIn) -> Marked:
    """Mark the deliverable "inte aktuell" (or take it back), for a person who may; a
    refusal says why in one line and nothing changes. Something already handed in is
    not marked: it applied."""
    target = load_target(ctx, form.ref, form.municipality, form.year)
    person = authorise(ctx, Action.MARK_NOT_APPLICABLE, target.scope)
    if target.cycle.closed:
        raise CycleClosed(target.municipality.code, target.cycle.budget_year)
    with Session(writing(ctx.database())) as session, session.begin():
        row = session.get(Deliverable, target.deliverable.id)
        assert row is not None
        handed_in = (
            session.exec(select(Submission.id).where(Submission.deliverable_id == row.id)).first()
            is not None
        )
        problem = _problem(form, row.not_applicable, handed_in)
        if problem is not None:
            raise InvalidInput(problem, ref=form.ref, limit=MAX_REASON)
        before = {"not_applicable": row.not_applicable, "reason": row.not_applicable_reason}
        row.not_applicable = not form.applies
        row.not_applicable_reason = "" if form.applies else form.reason.strip()
        session.add(row)
        session.flush()
        record(
            ctx,
            session,
            municipality_id=target.municipality.id or 0,
            actor=person.email,
            kind="deliverable_applies_again" if form.applies else "deliverable_not_applicable",
            subject=target.subject,
            payload={
                **target.payload(),
                "before": before,
                "after": {"not_applicable": row.not_applicable, "reason": form.reason.strip()},
            },
        )
    return Marked(
        target.deliverable.id or 0, target.milestone.key, target.body.key, not form.applies
    )
