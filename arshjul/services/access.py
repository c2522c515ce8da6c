"""Who may do what, and to which deliverable: finding the target of an action, a person's
grants, and recording a refusal. Shared by submissions, reviews, the decisions register,
frames and the audit reports; imports nothing that renders or sends, so read commands that
check permissions stay light."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from arshjul.core.permissions import Action, Grant
from arshjul.errors import ArshjulError, InvalidInput, NotFound
from models import queries
from models.audit import append_event
from models.tables import Body, Cycle, Deliverable, Milestone, Municipality, Person


class Refused(ArshjulError):
    """The person may not do this; the refusal is in the audit trail."""


@dataclass(frozen=True)
class Target:
    municipality: Municipality
    cycle: Cycle
    deliverable: Deliverable
    milestone: Milestone
    body: Body

    @property
    def subject(self) -> str:
        return f"deliverable:{self.deliverable.id}"

    def payload(self) -> dict[str, Any]:
        return {
            "budget_year": self.cycle.budget_year,
            "milestone": self.milestone.key,
            "body": self.body.key,
            "deadline": self.milestone.deadline.isoformat(),
        }


def find_target(
    *, session: Session, ref: str, municipality: str | None, year: int | None, today: dt.date
) -> Target:
    """A deliverable by id ("17") or by milestone and body ("budgetunderlag/BUN")."""
    if ref.isdigit():
        deliverable = session.get(Deliverable, int(ref))
        if deliverable is None or not deliverable.active:
            raise NotFound("unknown_deliverable", ref=ref)
    else:
        milestone_key, _, body_key = ref.partition("/")
        if not body_key:
            raise InvalidInput("bad_deliverable_ref", ref=ref)
        muni = queries.resolve_municipality(session=session, code=municipality)
        cycle = queries.resolve_cycle(
            session=session, municipality=muni, budget_year=year, today=today
        )
        deliverable = session.exec(
            select(Deliverable)
            .join(Milestone, col(Milestone.id) == Deliverable.milestone_id)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .where(
                Deliverable.cycle_id == cycle.id,
                Milestone.key == milestone_key,
                Body.key == body_key,
                col(Deliverable.active),
            )
        ).first()
        if deliverable is None:
            raise NotFound("unknown_deliverable", ref=ref)
    cycle = session.get(Cycle, deliverable.cycle_id)
    milestone = session.get(Milestone, deliverable.milestone_id)
    body = session.get(Body, deliverable.body_id)
    muni = session.get(Municipality, deliverable.municipality_id)
    assert cycle and milestone and body and muni
    return Target(muni, cycle, deliverable, milestone, body)


def grants_of(
    *, session: Session, email: str, municipality_id: int
) -> tuple[list[Person], frozenset[Grant]]:
    people = list(
        session.exec(
            select(Person).where(
                Person.email == email, Person.municipality_id == municipality_id, col(Person.active)
            )
        )
    )
    bodies = {
        b.id: b.key
        for b in session.exec(select(Body).where(Body.municipality_id == municipality_id))
    }
    return people, frozenset(Grant(p.role, bodies.get(p.body_id)) for p in people)


def refusal(
    engine: Engine,
    *,
    municipality_id: int,
    actor: str,
    action: Action,
    subject: str,
    payload: dict[str, Any],
    body: str,
    now: dt.datetime,
) -> Refused:
    """Record that `actor` was refused `action` (in its own commit, so it survives the
    refusal) and return the error to raise."""
    with Session(engine) as session, session.begin():
        append_event(
            session=session,
            municipality_id=municipality_id,
            actor=actor,
            kind="refused",
            subject=subject,
            payload={**payload, "action": action.value},
            at=now,
        )
    return Refused("not_permitted", person=actor, action=action.value, body=body)
