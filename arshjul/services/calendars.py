"""Calendar feeds: a person's deadlines by subscription, and the municipality's public
meetings and decisions as open data.

A personal feed's URL carries a random token (only its SHA-256 is stored); whoever has the
URL reads the feed, so it can be revoked and a new one made. The open data holds no
personal data: KF's and KS's meetings and the milestones those bodies decide, nothing
about people or hand-ins.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from arshjul.context import Context
from arshjul.core.kinds import BodyKind, CompletedBy, Role
from arshjul.core.web_access import digest
from arshjul.models import queries
from arshjul.models.db import writing
from arshjul.models.tables import (
    Body,
    CalendarToken,
    Cycle,
    Decision,
    Deliverable,
    Meeting,
    Milestone,
    Municipality,
    Person,
)
from arshjul.notifications import DeadlineEvent, calendar_text, deliverable_uid


def new_token(ctx: Context, email: str) -> str:
    """A new subscription for `email`, revoking the ones before: returns the token (shown
    once; the database keeps its SHA-256)."""
    token, now = secrets.token_urlsafe(32), ctx.now()
    with Session(writing(ctx.database())) as session, session.begin():
        revoke_all(session, email, now)
        session.add(CalendarToken(token_hash=digest(token), email=email, created_at=now))
    return token


def revoke(ctx: Context, email: str) -> None:
    with Session(writing(ctx.database())) as session, session.begin():
        revoke_all(session, email, ctx.now())


def revoke_all(session: Session, email: str, now: dt.datetime) -> None:
    session.exec(
        update(CalendarToken)
        .where(col(CalendarToken.email) == email, col(CalendarToken.revoked_at).is_(None))
        .values(revoked_at=now)
    )


def has_subscription(ctx: Context, email: str) -> bool:
    with Session(ctx.database()) as session:
        return (
            session.exec(
                select(CalendarToken.id).where(
                    CalendarToken.email == email, col(CalendarToken.revoked_at).is_(None)
                )
            ).first()
            is not None
        )


def personal_feed(ctx: Context, token: str) -> str | None:
    """The iCalendar text of the deadlines of the token's person's bodies (a secretary's
    own; a coordinator's, auditor's or admin's, every body's), or None for a token that is
    unknown or revoked."""
    with Session(ctx.database()) as session:
        row = session.exec(
            select(CalendarToken).where(CalendarToken.token_hash == digest(token))
        ).first()
        if row is None or row.revoked_at is not None:
            return None
        people = session.exec(
            select(Person).where(Person.email == row.email, col(Person.active))
        ).all()
        events = []
        for municipality_id in sorted({p.municipality_id for p in people}):
            mine = [p for p in people if p.municipality_id == municipality_id]
            everything = any(p.role != Role.SECRETARY for p in mine)
            bodies = {p.body_id for p in mine if p.role == Role.SECRETARY}
            events += _deadlines(session, ctx, municipality_id, None if everything else bodies)
    return calendar_text(events, "Årshjulet")


def _deadlines(
    session: Session, ctx: Context, municipality_id: int, bodies: set[int | None] | None
) -> list[DeadlineEvent]:
    cycles = session.exec(
        select(Cycle).where(Cycle.municipality_id == municipality_id, ~col(Cycle.closed))
    ).all()
    municipality = session.get(Municipality, municipality_id)
    assert municipality is not None
    events = []
    for cycle in cycles:
        moves = queries.deadline_moves(session=session, cycle=cycle)
        for row in queries.deliverable_rows(session=session, cycle=cycle):
            body = session.exec(
                select(Body).where(
                    Body.municipality_id == municipality_id, Body.key == row.body_key
                )
            ).first()
            if bodies is not None and (body is None or body.id not in bodies):
                continue
            events.append(
                DeadlineEvent(
                    uid=deliverable_uid(
                        municipality.code, cycle.budget_year, row.milestone_key, row.body_key
                    ),
                    sequence=moves.get(row.milestone_key, 0),
                    deadline=row.deadline.date,
                    summary=f"{row.deliverable_title} ({row.body_key})",
                    description=f"{row.milestone_title}\n{row.body_name}\n{municipality.name}",
                    stamp=cycle.planned_at,
                )
            )
    return events


@dataclass(frozen=True)
class PublicDate:
    day: dt.date
    body: str  # KF or KS
    title: str
    kind: str  # "meeting", "decision" (planned) or "recorded" (in the decisions register)
    uid: str


def public_dates(ctx: Context, code: str | None = None) -> tuple[str, str, list[PublicDate]]:
    """(municipality code, name, KF's and KS's meetings, planned decisions and the
    decisions recorded in the register), in date order, each once: the same meeting or
    decision planned by two cycles' wheels is one date."""
    with Session(ctx.database()) as session:
        municipality = queries.resolve_municipality(session=session, code=code)
        council = [BodyKind.KF, BodyKind.KS]
        meetings = session.exec(
            select(Meeting, Body, Cycle)
            .join(Body, col(Body.id) == Meeting.body_id)
            .join(Cycle, col(Cycle.id) == Meeting.cycle_id)
            .where(
                Meeting.municipality_id == municipality.id,
                col(Meeting.active),
                col(Body.kind).in_(council),
            )
        ).all()
        decisions = session.exec(
            select(Milestone, Body, Cycle)
            .join(Deliverable, col(Deliverable.milestone_id) == Milestone.id)
            .join(Body, col(Body.id) == Deliverable.body_id)
            .join(Cycle, col(Cycle.id) == Milestone.cycle_id)
            .where(
                Milestone.municipality_id == municipality.id,
                col(Milestone.active),
                Milestone.completed_by == CompletedBy.DECISION,
                col(Body.kind).in_(council),
            )
        ).all()
        recorded = session.exec(
            select(Decision, Body)
            .join(Body, col(Body.id) == Decision.body_id)
            .where(Decision.municipality_id == municipality.id, col(Body.kind).in_(council))
        ).all()
        code, name = municipality.code, municipality.name
    dates = (
        {
            PublicDate(
                m.date,
                b.key,
                m.title,
                "meeting",
                f"arshjul-{code}-{c.budget_year}-meeting-{m.key}@arshjul",
            )
            for m, b, c in meetings
        }
        | {
            PublicDate(
                m.deadline,
                b.key,
                m.title,
                "decision",
                deliverable_uid(code, c.budget_year, m.key, b.key),
            )
            for m, b, c in decisions
        }
        | {
            PublicDate(
                d.meeting_date,
                b.key,
                f"{d.paragraph} {d.title}",
                "recorded",
                f"arshjul-{code}-decision-{d.id}@arshjul",
            )
            for d, b in recorded
        }
    )
    once = {(d.day, d.body, d.title, d.kind): d for d in sorted(dates, key=lambda d: d.uid)}
    return code, name, sorted(once.values(), key=lambda d: (d.day, d.body, d.kind, d.title))


def public_calendar(code: str, name: str, dates: list[PublicDate], stamp: dt.datetime) -> str:
    return calendar_text(
        [
            DeadlineEvent(d.uid, 0, d.day, f"{d.body}: {d.title}", f"{d.body}\n{name}", stamp)
            for d in dates
        ],
        f"{name}: KF och KS",
    )
