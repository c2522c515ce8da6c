"""The people of a municipality as the pages need them: which bodies a person is the
secretary of (what "Mina leveranser" shows)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.kinds import Role
from arshjul.models import queries
from arshjul.models.tables import Body, Person


@dataclass(frozen=True)
class BodyPeople:
    key: str
    name: str
    people: list[tuple[str, str, str]]  # (name, e-mail, role)


def people_by_body(ctx: Context, *, municipality: str | None) -> list[BodyPeople]:
    """The municipality's active people, body by body in the template's order; those of
    the whole municipality (coordinators, auditors, admins) under their own office."""
    with Session(ctx.database()) as session:
        muni = queries.resolve_municipality(session=session, code=municipality)
        rows = session.exec(
            select(Person, Body)
            .outerjoin(Body, col(Body.id) == Person.body_id)
            .where(Person.municipality_id == muni.id, col(Person.active))
            .order_by(col(Body.position), col(Person.id))
        ).all()
    found: dict[str, BodyPeople] = {}
    for person, body in rows:
        key, name = (body.key, body.name) if body else ("", "")
        found.setdefault(key, BodyPeople(key, name, [])).people.append(
            (person.name, person.email, str(person.role))
        )
    return list(found.values())


def secretary_of(ctx: Context, email: str) -> list[str]:
    """The keys of the bodies `email` is an active secretary of, sorted."""
    with Session(ctx.database()) as session:
        keys = session.exec(
            select(Body.key)
            .join(Person, col(Person.body_id) == Body.id)
            .where(Person.email == email, Person.role == Role.SECRETARY, col(Person.active))
        ).all()
    return sorted(set(keys))
