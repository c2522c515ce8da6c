"""The people of a municipality as the pages need them: which bodies a person is the
secretary of (what "Mina leveranser" shows)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.kinds import Role
from arshjul.models.tables import Body, Person


def secretary_of(ctx: Context, email: str) -> list[str]:
    """The keys of the bodies `email` is an active secretary of, sorted."""
    with Session(ctx.database()) as session:
        keys = session.exec(
            select(Body.key)
            .join(Person, col(Person.body_id) == Body.id)
            .where(Person.email == email, Person.role == Role.SECRETARY, col(Person.active))
        ).all()
    return sorted(set(keys))
