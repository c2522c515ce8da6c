"""The one way in: `authorise(ctx, action, scope)` finds the person acting, checks the
declared rule (arshjul.core.permissions) and records every refusal, unknown identities
included, before raising. The CLI and the web call it; nothing else decides who may act.

A refusal reads the same whether the address is unknown or only lacks the right, so the
answer never tells a caller which addresses exist; the audit event tells the auditors.
Also here: finding the deliverable an action is about. Imports nothing that renders or
sends, so read commands that check permissions stay light.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.permissions import Action, Grant, may
from arshjul.errors import InvalidInput, NotFound, Refused
from arshjul.models import queries
from arshjul.models.db import writing
from arshjul.models.tables import Body, Cycle, Deliverable, Milestone, Municipality, Person
from arshjul.trail import record


@dataclass(frozen=True)
class Scope:
    """What an action is about: whose rules apply, for which body, and what the audit
    trail names as its subject."""

    municipality_id: int
    body_key: str | None
    subject: str
    payload: dict[str, Any] = field(default_factory=dict)


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

    @property
    def planned_deadline(self) -> dt.date:
        """The milestone's deadline, or the one this body was given on its own."""
        return self.deliverable.deadline_override or self.milestone.deadline

    def payload(self) -> dict[str, Any]:
        return {
            "budget_year": self.cycle.budget_year,
            "milestone": self.milestone.key,
            "body": self.body.key,
            "deadline": self.planned_deadline.isoformat(),
        }

    @property
    def scope(self) -> Scope:
        return Scope(self.municipality.id or 0, self.body.key, self.subject, self.payload())


def municipality_scope(municipality: Municipality) -> Scope:
    return Scope(municipality.id or 0, None, f"municipality:{municipality.code}")


def authorise(ctx: Context, action: Action, scope: Scope) -> Person:
    """The person `ctx.actor` if the rule for `action` lets them act on `scope`; otherwise
    the refusal is committed to the audit trail and `Refused` raised."""
    return authorise_any(ctx, action, [scope])


def authorise_any(ctx: Context, action: Action, scopes: Sequence[Scope]) -> Person:
    """`authorise` for something that belongs to several bodies of one municipality (a file
    two bodies handed in): allowed if the rule allows any of `scopes`; one refusal, on the
    first scope, is recorded otherwise."""
    if not ctx.actor:
        raise InvalidInput("who_are_you")
    first = scopes[0]
    if any(s.municipality_id != first.municipality_id for s in scopes):
        raise ValueError("scopes of one authorisation must share a municipality")
    with Session(ctx.database()) as session:
        people, grants = grants_of(
            session=session,
            email=ctx.actor,
            municipality_id=first.municipality_id,
            today=ctx.today(),
        )
        session.expunge_all()
    if people and any(may(action, grants, s.body_key) for s in scopes):
        return people[0]
    with Session(writing(ctx.database())) as session, session.begin():
        record(
            ctx,
            session,
            municipality_id=first.municipality_id,
            actor=ctx.actor,
            kind="refused",
            subject=first.subject,
            payload={
                **first.payload,
                "action": action.value,
                "identity": "known" if people else "unknown",
            },
        )
    raise Refused(
        "not_permitted", person=ctx.actor, action=action.value, body=first.body_key or "-"
    )


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
    found_cycle = session.get(Cycle, deliverable.cycle_id)
    milestone = session.get(Milestone, deliverable.milestone_id)
    body = session.get(Body, deliverable.body_id)
    found_muni = session.get(Municipality, deliverable.municipality_id)
    assert found_cycle and milestone and body and found_muni
    return Target(found_muni, found_cycle, deliverable, milestone, body)


def load_target(ctx: Context, ref: str, municipality: str | None, year: int | None) -> Target:
    """`find_target` in its own session, detached so the caller can use it afterwards."""
    with Session(ctx.database()) as session:
        target = find_target(
            session=session, ref=ref, municipality=municipality, year=year, today=ctx.today()
        )
        session.expunge_all()
    return target


def grants_of(
    *, session: Session, email: str, municipality_id: int, today: dt.date | None = None
) -> tuple[list[Person], frozenset[Grant]]:
    """The person's rows and roles in the municipality; with `today`, also the roles of
    those they stand in for that day (an ersättare acts for the absent person's bodies)."""
    people = list(
        session.exec(
            select(Person).where(
                Person.email == email, Person.municipality_id == municipality_id, col(Person.active)
            )
        )
    )
    covered = []
    if today is not None and people:
        cover = queries.stand_ins_on(session=session, day=today, municipality_id=municipality_id)
        absent = [a for a, stand_in in cover.items() if stand_in.email.lower() == email.lower()]
        if absent:
            covered = [
                p
                for p in session.exec(
                    select(Person).where(
                        Person.municipality_id == municipality_id, col(Person.active)
                    )
                )
                if p.email.lower() in absent
            ]
    bodies = {
        b.id: b.key
        for b in session.exec(select(Body).where(Body.municipality_id == municipality_id))
    }
    return people, frozenset(Grant(p.role, bodies.get(p.body_id)) for p in people + covered)
