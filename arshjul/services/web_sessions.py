"""Server-side sessions of the web application. The browser's cookie holds a random token;
the database holds only its SHA-256, so a copy of the database opens no browser's session,
and ending a row (logout, an administrator, time) ends the session wherever it is.
Rules: arshjul.core.web_access."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from arshjul.access import authorise, grants_of, municipality_scope
from arshjul.context import Context
from arshjul.core.addresses import is_single_address
from arshjul.core.permissions import CHANGES, Action, Grant, may
from arshjul.core.web_access import TOUCH_EVERY, SessionState, digest, session_state
from arshjul.errors import InvalidInput, SignInFailed
from arshjul.models import queries
from arshjul.models.db import writing
from arshjul.models.tables import Municipality, Person, WebSession
from arshjul.trail import record


@dataclass(frozen=True)
class WebIdentity:
    """Who a request comes from, as the session row says: never what the request claims.
    `grants` are the person's roles in that municipality, which the pages use to show
    only what the services' `authorise` would allow."""

    session_id: int
    email: str
    csrf: str
    method: str
    municipality: str | None = None  # kommunkod of the person's (first) municipality
    name: str = ""
    grants: frozenset[Grant] = frozenset()
    read_only: bool = False  # the pages show another day, where nothing is changed

    def permitted(self, action: Action | str, body: str | None = None) -> bool:
        """Whether `authorise` would let this person take `action` (for `body`)."""
        return may(Action(action), self.grants, body)

    def may(self, action: Action | str, body: str | None = None) -> bool:
        """Whether the page offers `action` (for `body`): permitted, and, for a change,
        not on a page showing another day. A hand-in or a review made there would carry
        today's time against that day's deadlines and statuses, and contradict the page."""
        if self.read_only and Action(action) in CHANGES:
            return False
        return self.permitted(action, body)

    def may_somewhere(self, action: Action | str) -> bool:
        """Whether the page offers `action` for some body (a secretary for her own)."""
        bodies = {g.body_key for g in self.grants} | {None}
        return any(self.may(action, body) for body in bodies)

    def bodies(self, action: Action | str) -> list[str]:
        """The bodies the person takes `action` for as their own (a secretary's)."""
        return sorted(
            g.body_key for g in self.grants if g.body_key and self.permitted(action, g.body_key)
        )


def start(ctx: Context, *, email: str, method: str) -> tuple[str, WebIdentity]:
    """A new session for `email`; returns the cookie's token (shown once, never stored)."""
    token, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), ctx.now()
    with Session(writing(ctx.database(create=True))) as session, session.begin():
        row = WebSession(
            token_hash=digest(token),
            email=email,
            method=method,
            csrf=csrf,
            created_at=now,
            last_seen_at=now,
        )
        session.add(row)
        session.flush()
        for municipality_id in _municipalities_of(session, email):
            record(
                ctx.at(now),
                session,
                municipality_id=municipality_id,
                actor=email,
                kind="signed_in",
                subject=f"person:{email}",
                payload={"method": method, "session": row.id},
            )
        return token, _identity(session, row, ctx.today())


def identify(ctx: Context, token: str | None) -> WebIdentity | None:
    """The identity of an active session, refreshing when it was last seen; None for no
    cookie, an unknown or ended one, or one timed out."""
    if not token:
        return None
    now = ctx.now()
    engine = ctx.database()
    with Session(engine) as session:
        row = session.exec(select(WebSession).where(WebSession.token_hash == digest(token))).first()
        if row is None:
            return None
        if (
            session_state(row.created_at, row.last_seen_at, row.ended_at, now)
            is not SessionState.ACTIVE
        ):
            return None
        found = _identity(session, row, ctx.today())
    if now - row.last_seen_at >= TOUCH_EVERY:
        with Session(writing(engine)) as session, session.begin():
            session.exec(
                update(WebSession).where(col(WebSession.id) == row.id).values(last_seen_at=now)
            )
    return found


def end(ctx: Context, *, session_id: int, by: str) -> None:
    with Session(writing(ctx.database())) as session, session.begin():
        session.exec(
            update(WebSession)
            .where(col(WebSession.id) == session_id, col(WebSession.ended_at).is_(None))
            .values(ended_at=ctx.now(), ended_by=by)
        )


def end_all(ctx: Context, *, email: str, municipality: str | None) -> int:
    """End every active session of `email`, a person of the municipality, if the person
    acting may (an administrator: a lost laptop, someone who left); returns how many were
    ended. An address that is no person of the municipality is refused, so one
    municipality's administrator cannot sign out another's staff."""
    found, now = _authorised_admin(ctx, municipality), ctx.now()
    with Session(writing(ctx.database())) as session, session.begin():
        if found.id not in _municipalities_of(session, email):
            raise InvalidInput("web_no_such_person", value=email)
        ended = session.exec(
            update(WebSession)
            .where(col(WebSession.email) == email, col(WebSession.ended_at).is_(None))
            .values(ended_at=now, ended_by=ctx.actor)
        )
        for each in _municipalities_of(session, email):
            record(
                ctx.at(now),
                session,
                municipality_id=each,
                kind="sessions_ended",
                subject=f"person:{email}",
                payload={"sessions": ended.rowcount},
            )
        return int(ended.rowcount)


def end_for_lost_role(
    ctx: Context, *, email: str, municipality: str, lost: list[dict[str, str]]
) -> int:
    """End every active session of `email`, who has just lost a role in the wheel (`lost`:
    body and role), for an administrator: a session carries the grants its person had when
    it was checked, and signing in again gives only those left. Audited with what was lost;
    returns how many were ended (none is no event)."""
    found, now = _authorised_admin(ctx, municipality), ctx.now()
    with Session(writing(ctx.database())) as session, session.begin():
        ended = session.exec(
            update(WebSession)
            .where(col(WebSession.email) == email, col(WebSession.ended_at).is_(None))
            .values(ended_at=now, ended_by=ctx.actor)
        )
        if ended.rowcount:
            record(
                ctx.at(now),
                session,
                municipality_id=found.id or 0,
                kind="sessions_ended",
                subject=f"person:{email}",
                payload={"sessions": ended.rowcount, "why": "role_lost", "lost": lost},
            )
        return int(ended.rowcount)


@dataclass(frozen=True)
class ActiveSession:
    """A session an administrator sees: whose, how it began, when it was last used."""

    email: str
    name: str
    method: str
    started: dt.datetime
    last_seen: dt.datetime


def _authorised_admin(ctx: Context, code: str | None) -> Municipality:
    with Session(ctx.database()) as session:
        found = queries.resolve_municipality(session=session, code=code)
        session.expunge(found)
    authorise(ctx, Action.END_SESSIONS, municipality_scope(found))
    return found


def active_sessions(ctx: Context, *, municipality: str | None) -> list[ActiveSession]:
    """The sessions still open of the municipality's people, most recently used first, for
    an administrator of it."""
    municipality_id = _authorised_admin(ctx, municipality).id
    now = ctx.now()
    with Session(ctx.database()) as session:
        rows = session.exec(
            select(WebSession, Person.name)
            .join(Person, col(Person.email) == WebSession.email)
            .where(
                Person.municipality_id == municipality_id,
                col(Person.active),
                col(WebSession.ended_at).is_(None),
            )
        ).all()
    found = {
        row.id: ActiveSession(row.email, name, row.method, row.created_at, row.last_seen_at)
        for row, name in rows
        if session_state(row.created_at, row.last_seen_at, row.ended_at, now) is SessionState.ACTIVE
    }
    return sorted(found.values(), key=lambda s: s.last_seen, reverse=True)


def _identity(session: Session, row: WebSession, today: dt.date) -> WebIdentity:
    """The session's person in the municipality their pages show (an installation may serve
    many: the one of their first role), with their roles there."""
    first = session.exec(
        select(Person, Municipality.code)
        .join(Municipality, col(Municipality.id) == Person.municipality_id)
        .where(Person.email == row.email, col(Person.active))
        .order_by(col(Person.id))
    ).first()
    if first is None:
        return WebIdentity(row.id or 0, row.email, row.csrf, row.method)
    person, code = first
    _, grants = grants_of(
        session=session, email=row.email, municipality_id=person.municipality_id, today=today
    )
    return WebIdentity(row.id or 0, row.email, row.csrf, row.method, code, person.name, grants)


def _municipalities_of(session: Session, email: str) -> list[int]:
    return sorted(
        set(
            session.exec(
                select(Person.municipality_id).where(Person.email == email, col(Person.active))
            ).all()
        )
    )


def person_by_verified_address(ctx: Context, email: str, domain: str | None) -> str:
    """The stored address of the active person a single sign-on provider vouched for:
    one address, in `domain` when the installation names one."""
    if not is_single_address(email):
        raise SignInFailed("web_sso_unverified")
    if domain and not email.lower().endswith("@" + domain.lower().lstrip("@")):
        raise SignInFailed("web_sso_domain")
    with Session(ctx.database()) as session:
        person = session.exec(
            select(Person)
            .where(func.lower(Person.email) == email.lower(), col(Person.active))
            .order_by(col(Person.id))
        ).first()
    if person is None:
        raise SignInFailed("web_sso_unknown")
    return person.email
